using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Platform.Data;

/// <summary>
/// On SQLite the processing and access logs live in a database file of their own beside the main one
/// (<c>casus.db</c> → <c>casus-log.db</c>), attached to every connection as the schema <c>log</c>, so every query
/// that names the log tables finds them there. Why: SQLite drops a connection's whole page cache when another
/// connection has committed to the same file, and every read writes a log record. With the log in the main file each
/// request therefore started on a cold cache and read its pages again (12 extra reads per request, measured with
/// perf); with its own file the log's commits leave the main file's caches warm. See docs/adr/0011.
/// <para>
/// Migrations still create the log tables in the main file (so a new and an upgraded database run the same
/// migrations); <see cref="MoveLogTablesAsync"/> moves them into the log file at start, records included. A later
/// migration may ALTER these tables, but an index on them must name the schema: <c>CREATE INDEX log."IX_…"</c>.
/// </para>
/// </summary>
public static partial class SqliteLogFile
{
    public const string Schema = "log";

    /// <summary>Connections (by their native handle, which the pool reuses) that already have the log attached.</summary>
    private static readonly ConditionalWeakTable<object, object> Attached = [];

    /// <summary>The log file beside a main database file: <c>data/casus.db</c> → <c>data/casus-log.db</c>.</summary>
    public static string PathFor(string mainDataSource)
    {
        if (string.IsNullOrWhiteSpace(mainDataSource) || mainDataSource.Trim() == ":memory:")
        {
            throw new InvalidOperationException("Casus needs a SQLite database file (Data Source=…/casus.db), not an in-memory database.");
        }
        var full = Path.GetFullPath(mainDataSource);
        var folder = Path.GetDirectoryName(full) ?? ".";
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(full) + "-log" + Path.GetExtension(full));
    }

    /// <summary>
    /// An open connection to the log file alone (the main connection string's other settings kept), with the same
    /// durability pragmas as every other connection: the writer's, so that its commits never lock the main file.
    /// </summary>
    public static async Task<SqliteConnection> OpenAloneAsync(string mainConnectionString, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(mainConnectionString);
        builder.DataSource = PathFor(builder.DataSource);
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = SqliteDurability.Pragmas;
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Attaches the log file once per native connection (the pool hands the same handle out again, still attached),
    /// in WAL mode with synchronous=FULL like the main file.
    /// </summary>
    public static async Task AttachAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection is not SqliteConnection sqlite || sqlite.Handle is not { } handle || Attached.TryGetValue(handle, out _))
        {
            return;
        }
        // Only this method attaches the log, so a handle not in the table has no log attached yet.
        await using (var command = sqlite.CreateCommand())
        {
            command.CommandText = $"ATTACH DATABASE $path AS {Schema}; PRAGMA {Schema}.journal_mode=WAL; PRAGMA {Schema}.synchronous=FULL;";
            command.Parameters.AddWithValue("$path", PathFor(sqlite.DataSource));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        Attached.AddOrUpdate(handle, handle);
    }

    public static void Attach(DbConnection connection) => AttachAsync(connection, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// Moves log tables that are still in the main file (a new database after its migrations, or one from before the
    /// log had its own file) into the log file with their indexes, append-only triggers and records. Each step is one
    /// transaction on one file and the move can be repeated, so a crash halfway loses nothing: the records are first
    /// copied into the log file and committed there, and the main file's table is dropped only once the copy holds
    /// every record.
    /// </summary>
    public static async Task MoveLogTablesAsync(CasusDbContext db, IEnumerable<string> tables, ILogger logger, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            foreach (var table in tables)
            {
                if (!await ExistsAsync(connection, "main", table, cancellationToken))
                {
                    continue;
                }
                await using (var copy = connection.BeginTransaction(deferred: false))
                {
                    if (!await ExistsAsync(connection, Schema, table, cancellationToken))
                    {
                        // The table first, then its indexes and triggers, each as the migrations made it.
                        var definitions = new List<string>();
                        await using (var read = connection.CreateCommand())
                        {
                            read.CommandText = "SELECT sql FROM main.sqlite_master WHERE tbl_name = $t AND sql IS NOT NULL "
                                + "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, name";
                            read.Parameters.AddWithValue("$t", table);
                            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                            while (await reader.ReadAsync(cancellationToken))
                            {
                                definitions.Add(InLogSchema(reader.GetString(0)));
                            }
                        }
                        foreach (var definition in definitions)
                        {
                            await ExecuteAsync(connection, definition, cancellationToken);
                        }
                    }
                    await ExecuteAsync(connection, $"""
                        INSERT INTO {Schema}."{table}" SELECT * FROM main."{table}"
                        WHERE "Sequence" > (SELECT coalesce(max("Sequence"), 0) FROM {Schema}."{table}")
                        """, cancellationToken);
                    await copy.CommitAsync(cancellationToken);
                }
                var inMain = await CountAsync(connection, "main", table, cancellationToken);
                var inLog = await CountAsync(connection, Schema, table, cancellationToken);
                if (inLog.Count < inMain.Count || inLog.MaxSequence < inMain.MaxSequence)
                {
                    throw new InvalidOperationException(
                        $"Moving {table} into the log file left {inLog.Count} of {inMain.Count} records there; the main file keeps its copy.");
                }
                await using (var drop = connection.BeginTransaction(deferred: false))
                {
                    await ExecuteAsync(connection, $"""DROP TABLE main."{table}" """, cancellationToken);
                    await drop.CommitAsync(cancellationToken);
                }
                logger.LogInformation("Moved {Table} ({Count} records) into the log file {Path}.", table, inMain.Count, PathFor(connection.DataSource));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary><c>CREATE [UNIQUE] INDEX|TABLE|TRIGGER "name" …</c> → the same object in the log schema.</summary>
    internal static string InLogSchema(string definition)
    {
        var match = CreateStatement().Match(definition);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Cannot move this definition into the log file: {definition}");
        }
        return definition[..match.Groups["name"].Index] + Schema + "." + definition[match.Groups["name"].Index..];
    }

    [GeneratedRegex("""^\s*CREATE\s+(UNIQUE\s+)?(TABLE|INDEX|TRIGGER)\s+(?<name>"[^"]+"|\w+)""", RegexOptions.IgnoreCase)]
    private static partial Regex CreateStatement();

    private static async Task<bool> ExistsAsync(SqliteConnection connection, string schema, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {schema}.sqlite_master WHERE type = 'table' AND name = $t";
        command.Parameters.AddWithValue("$t", table);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    private static async Task<(long Count, long MaxSequence)> CountAsync(SqliteConnection connection, string schema, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT count(*), coalesce(max("Sequence"), 0) FROM {schema}."{table}" """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
