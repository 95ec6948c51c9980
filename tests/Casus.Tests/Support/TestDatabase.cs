using Microsoft.Data.Sqlite;
using Npgsql;

namespace Casus.Tests.Support;

/// <summary>
/// A fresh database for one test class: a SQLite file in a temp folder, or — when CASUS_TEST_POSTGRES holds a
/// connection string to a server (test.sh starts a throwaway cluster) — a new PostgreSQL database on it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static string? PostgresServer => Environment.GetEnvironmentVariable("CASUS_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;
    public static bool OnPostgres => PostgresServer is not null;

    public string Provider { get; }
    public string ConnectionString { get; }
    public string Folder { get; }
    private readonly string? _postgresName;

    private TestDatabase(string provider, string connectionString, string folder, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Folder = folder;
        _postgresName = postgresName;
    }

    public static TestDatabase Create()
    {
        var folder = Path.Combine(Path.GetTempPath(), "casus-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (PostgresServer is { } server)
        {
            var name = "casus_" + Guid.NewGuid().ToString("N");
            using (var connection = new NpgsqlConnection(server))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = $"CREATE DATABASE \"{name}\"";
                command.ExecuteNonQuery();
            }
            var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
            return new TestDatabase("PostgreSQL", builder.ConnectionString, folder, name);
        }
        return new TestDatabase("Sqlite", $"Data Source={Path.Combine(folder, "casus.db")}", folder, null);
    }

    public string FileForKeys => Path.Combine(Folder, "keys.json");

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null && PostgresServer is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)";
            await command.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
