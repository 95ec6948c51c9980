using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Casus.Web.Platform.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>"Sqlite" (default: one municipality, one machine) or "PostgreSQL".</summary>
    [Required, RegularExpression("^(Sqlite|PostgreSQL)$", ErrorMessage = "Database:Provider must be Sqlite or PostgreSQL.")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>For SQLite the default is a file in ./data; PostgreSQL needs one.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => Provider == "PostgreSQL";
}

public static class DatabaseSetup
{
    public static WebApplicationBuilder AddCasusDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        builder.Services.AddSingleton(options);

        if (options.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is PostgreSQL.");
            }
            builder.Services.AddDbContext<CasusDbContext, PostgresCasusDbContext>(o => o.UseNpgsql(options.ConnectionString));
        }
        else
        {
            var connectionString = options.ConnectionString ?? DefaultSqliteConnectionString(builder.Environment.ContentRootPath);
            EnsureSqliteFolder(connectionString);
            builder.Services.AddDbContext<CasusDbContext, SqliteCasusDbContext>(o => o
                .UseSqlite(connectionString)
                .AddInterceptors(SqliteDurability.Instance));
        }
        return builder;
    }

    private static string DefaultSqliteConnectionString(string contentRoot)
    {
        // Beside the application: src/Casus.Web/data under `dotnet run`, ./data next to a published build.
        var folder = Path.Combine(contentRoot, "data");
        return $"Data Source={Path.Combine(folder, "casus.db")}";
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>
    /// Applies pending migrations. With none pending it runs no DDL at all, so a restricted PostgreSQL role
    /// (see <see cref="ApplicationRole"/>) can start the application once the owner has migrated.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        if (db.Database.IsSqlite())
        {
            await SqliteLogFile.MoveLogTablesAsync(db, AppendOnlyTables.Tables, scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SqliteLogFile)), cancellationToken);
        }
        if (await ApplicationRole.CanRewriteLogAsync(db, cancellationToken))
        {
            scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseSetup)).LogWarning(
                "Casus is connected to PostgreSQL as a role that may UPDATE or DELETE the processing log (its owner or a superuser). "
                + "Triggers still refuse it, but an owner can drop them: connect the web nodes as a role made with `grant-app-role` (README, Deploy on PostgreSQL).");
        }
    }
}

/// <summary>
/// Every SQLite connection runs in WAL mode with synchronous=FULL: an acknowledged write survives power loss. The
/// log file is attached to it as well (<see cref="SqliteLogFile"/>).
/// </summary>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    public static readonly SqliteDurability Instance = new();

    internal const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        SqliteLogFile.Attach(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await SqliteLogFile.AttachAsync(connection, cancellationToken);
    }
}
