using System.Net;
using Casus.Tests.Support;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Tests.Platform;

/// <summary>
/// On SQLite the processing and access logs live in <c>casus-log.db</c> beside <c>casus.db</c>: a read's log commit
/// must not touch the main file (SQLite drops every other connection's page cache when it does). Databases from
/// before are moved at start, with every record, their chain and their append-only triggers.
/// </summary>
[Trait("Category", "SqliteOnly")] // The layout is SQLite's; PostgreSQL keeps the logs in its one database.
public sealed class SqliteLogFileTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private string MainFile => Path.Combine(_database.Folder, "casus.db");
    private string LogFile => Path.Combine(_database.Folder, "casus-log.db");

    private int _nodes;

    /// <summary>A node on the test's database; each later node's clock runs minutes ahead, so a TOTP code is not a replay.</summary>
    private AppFactory Node()
    {
        var node = new AppFactory(_database, null) { OwnsDatabase = false };
        node.Time.Advance(TimeSpan.FromMinutes(2 * _nodes++));
        return node;
    }

    [Fact]
    public async Task The_log_is_in_a_file_of_its_own_and_a_read_leaves_the_main_file_unchanged()
    {
        await using var app = Node();
        await ((IAsyncLifetime)app).InitializeAsync();
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var subject = await app.UserIdAsync("police@casus.demo");
        await admin.GetAsync($"/api/v1/admin/users/{subject}"); // the first read of a session may still write

        await using var main = await OpenAsync(MainFile);
        var mainVersion = await ScalarAsync(main, "PRAGMA data_version");
        var logged = await app.WithDbAsync(db => db.ProcessingLog.CountAsync());
        var response = await admin.GetAsync($"/api/v1/admin/users/{subject}");
        await Expect.StatusAsync(response, HttpStatusCode.OK);

        Assert.Equal(logged + 1, await app.WithDbAsync(db => db.ProcessingLog.CountAsync()));
        Assert.Equal(mainVersion, await ScalarAsync(main, "PRAGMA data_version"));
        Assert.Equal(0, await ScalarAsync(main, "SELECT count(*) FROM sqlite_master WHERE name IN ('ProcessingLog', 'AccessLog')"));
        await using var log = await OpenAsync(LogFile);
        Assert.Equal(logged + 1, await ScalarAsync(log, """SELECT count(*) FROM "ProcessingLog" """));
        Assert.Equal("wal", await ScalarTextAsync(log, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_database_with_its_log_in_the_main_file_is_moved_at_start_with_every_record_and_its_protection()
    {
        var (processing, access) = await WriteSomeLogAndStopAsync();
        await MoveLogBackIntoMainFileAsync(keepInLogFile: 0);

        await using var app = Node();
        await ((IAsyncLifetime)app).InitializeAsync();

        await AssertMovedAsync(app, processing, access);
    }

    [Fact]
    public async Task A_move_cut_off_after_part_of_the_copy_finishes_at_the_next_start_without_duplicates()
    {
        var (processing, access) = await WriteSomeLogAndStopAsync();
        await MoveLogBackIntoMainFileAsync(keepInLogFile: processing / 2);

        await using var app = Node();
        await ((IAsyncLifetime)app).InitializeAsync();

        await AssertMovedAsync(app, processing, access);
    }

    private async Task AssertMovedAsync(AppFactory app, long processing, long access)
    {
        await using (var main = await OpenAsync(MainFile))
        {
            Assert.Equal(0, await ScalarAsync(main, "SELECT count(*) FROM sqlite_master WHERE name IN ('ProcessingLog', 'AccessLog')"));
        }
        Assert.Equal(processing, await app.WithDbAsync(db => db.ProcessingLog.LongCountAsync()));
        Assert.Equal(access, await app.WithDbAsync(db => db.AccessLog.LongCountAsync()));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<LogVerifier>().VerifyAsync();
            Assert.True(result.Intact, result.FirstBreak?.ToString());
        }
        // The append-only triggers and the indexes moved with the tables.
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "ProcessingLog" SET "Name" = 'x'""")));
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""DELETE FROM "AccessLog" """)));
        await using (var log = await OpenAsync(LogFile))
        {
            Assert.Equal(4, await ScalarAsync(log, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"));
            Assert.True(await ScalarAsync(log, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ProcessingLog' AND sql IS NOT NULL") >= 2);
        }

        // The chain goes on where the moved records end.
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        var subject = await app.UserIdAsync("police@casus.demo");
        var before = await app.WithDbAsync(db => db.ProcessingLog.OrderByDescending(r => r.Sequence).Select(r => r.Sequence).FirstAsync());
        Assert.True(before >= processing);
        var response = await admin.GetAsync($"/api/v1/admin/users/{subject}");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(before + 1, await app.WithDbAsync(db => db.ProcessingLog.OrderByDescending(r => r.Sequence).Select(r => r.Sequence).FirstAsync()));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<LogVerifier>().VerifyAsync();
            Assert.True(result.Intact, result.FirstBreak?.ToString());
        }
    }

    private async Task<(long Processing, long Access)> WriteSomeLogAndStopAsync()
    {
        await using var app = Node();
        await ((IAsyncLifetime)app).InitializeAsync();
        using var admin = await app.SignedInAsAsync(Roles.SystemAdmin);
        foreach (var email in new[] { "police@casus.demo", "coordinator@casus.demo", "privacy@casus.demo", "mayor@casus.demo" })
        {
            await Expect.StatusAsync(await admin.GetAsync($"/api/v1/admin/users/{await app.UserIdAsync(email)}"), HttpStatusCode.OK);
        }
        var counts = (await app.WithDbAsync(db => db.ProcessingLog.LongCountAsync()), await app.WithDbAsync(db => db.AccessLog.LongCountAsync()));
        Assert.True(counts.Item1 >= 4);
        return counts;
    }

    /// <summary>
    /// The layout of a database from before the log had its own file: the log tables, indexes and triggers in the
    /// main file and no log file. With <paramref name="keepInLogFile"/> records left in the log file as well, it is
    /// a move that stopped after copying part of the records.
    /// </summary>
    private async Task MoveLogBackIntoMainFileAsync(long keepInLogFile)
    {
        SqliteConnection.ClearAllPools();
        await using (var connection = await OpenAsync(MainFile))
        {
            await ExecuteAsync(connection, $"ATTACH DATABASE '{LogFile}' AS log");
            var definitions = new List<string>();
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT sql FROM log.sqlite_master WHERE sql IS NOT NULL ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END";
                await using var reader = await read.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    definitions.Add(reader.GetString(0));
                }
            }
            foreach (var definition in definitions)
            {
                await ExecuteAsync(connection, definition); // unqualified: created in the main file
            }
            foreach (var table in AppendOnlyTables.Tables)
            {
                await ExecuteAsync(connection, $"""INSERT INTO main."{table}" SELECT * FROM log."{table}" """);
                if (keepInLogFile == 0)
                {
                    await ExecuteAsync(connection, $"""DROP TABLE log."{table}" """);
                }
                else
                {
                    await ExecuteAsync(connection, $"""DROP TRIGGER log."{table}_no_delete" """);
                    await ExecuteAsync(connection, $"""DELETE FROM log."{table}" WHERE "Sequence" > {keepInLogFile}""");
                    await ExecuteAsync(connection, $"""
                        CREATE TRIGGER log."{table}_no_delete" BEFORE DELETE ON "{table}"
                        BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
                        """);
                }
            }
            await ExecuteAsync(connection, "DETACH DATABASE log");
        }
        SqliteConnection.ClearAllPools();
        if (keepInLogFile == 0)
        {
            foreach (var file in new[] { LogFile, LogFile + "-wal", LogFile + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> ScalarTextAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
