using System.Diagnostics;
using System.Globalization;
using Casus.Web.Platform.ProcessingLog;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Casus.Benchmarks;

/// <summary>
/// Where a logged read's time goes: one RecordAsync after another through the real writer (durable, group commit),
/// against a bare SQLite commit of one row with the same pragmas (WAL, synchronous=FULL) on the same disk.
/// </summary>
public static class WriterLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 10, 100_000) : 1000;
        var folder = Path.Combine(Path.GetTempPath(), "casus-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using (var app = new BenchFactory(folder, await BenchDatabase.CreateAsync(folder, postgresServer: null), processingLog: true))
            {
                _ = app.Server;
                await using var scope = app.Services.CreateAsyncScope();
                var logger = scope.ServiceProvider.GetRequiredService<IProcessingLogger>();
                var subject = new DataSubject("person", Guid.NewGuid());
                var times = new List<double>(count);
                var cpu = TimeSpan.Zero;
                var windowStart = 0L;
                for (var i = 0; i < count + 50; i++)
                {
                    if (i == 50)
                    {
                        cpu = Cpu();
                        windowStart = Stopwatch.GetTimestamp();
                    }
                    var started = Stopwatch.GetTimestamp();
                    await logger.RecordAsync(ProcessingActivities.UserAdministration, "read", [subject]);
                    if (i >= 50)
                    {
                        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
                Print("RecordAsync through the writer", times, Cpu() - cpu, windowStart);

                // 16 callers at once, as under the HTTP benchmark's load: what one append costs in CPU when commits are shared.
                // The first pass warms the code up (tiered compilation), the second is measured.
                for (var pass = 0; pass < 2; pass++)
                {
                    using var groupCommit = new GroupCommitListener();
                    var perCaller = count / 16;
                    var concurrent = new List<double>(perCaller * 16);
                    cpu = Cpu();
                    windowStart = Stopwatch.GetTimestamp();
                    await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
                    {
                        var mine = new List<double>(perCaller);
                        await using var callerScope = app.Services.CreateAsyncScope();
                        var callerLogger = callerScope.ServiceProvider.GetRequiredService<IProcessingLogger>();
                        for (var i = 0; i < perCaller; i++)
                        {
                            var started = Stopwatch.GetTimestamp();
                            await callerLogger.RecordAsync(ProcessingActivities.UserAdministration, "read", [subject]);
                            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        }
                        lock (concurrent)
                        {
                            concurrent.AddRange(mine);
                        }
                    })));
                    Print(pass == 0 ? "16 callers at once, warm-up" : "RecordAsync, 16 callers at once", concurrent, Cpu() - cpu, windowStart);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",-34} appends per commit {(double)groupCommit.Appends / Math.Max(1, groupCommit.Commits):F2}"));
                }

                // The read the HTTP benchmark makes, in process: the use case with its log record, and its query alone.
                var users = scope.ServiceProvider.GetRequiredService<Casus.Web.Features.Admin.UserAdmin>();
                var db = scope.ServiceProvider.GetRequiredService<Casus.Web.Platform.Data.CasusDbContext>();
                var id = db.Users.Select(u => u.Id).First();
                var withLog = new List<double>(count);
                var queryOnly = new List<double>(count);
                for (var i = 0; i < count + 50; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    _ = await users.GetAsync(id);
                    var middle = Stopwatch.GetTimestamp();
                    _ = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
                        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.Users), u => u.Id == id);
                    if (i >= 50)
                    {
                        withLog.Add(Stopwatch.GetElapsedTime(started, middle).TotalMilliseconds);
                        queryOnly.Add(Stopwatch.GetElapsedTime(middle).TotalMilliseconds);
                    }
                }
                Print("UserAdmin.GetAsync (read + log)", withLog);
                Print("the user query alone", queryOnly);
            }

            var bare = Path.Combine(folder, "bare.db");
            await using var connection = new SqliteConnection($"Data Source={bare}");
            await connection.OpenAsync();
            await using (var setup = connection.CreateCommand())
            {
                setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);";
                await setup.ExecuteNonQueryAsync();
            }
            var commits = new List<double>(count);
            var bareCpu = TimeSpan.Zero;
            for (var i = 0; i < count + 50; i++)
            {
                if (i == 50)
                {
                    bareCpu = Cpu();
                }
                var started = Stopwatch.GetTimestamp();
                await using var transaction = connection.BeginTransaction();
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO t (v) VALUES ('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')";
                await insert.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
                if (i >= 50)
                {
                    commits.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
            Print("bare SQLite commit of one row", commits, Cpu() - bareCpu);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Latency percentiles and, when given, the process's CPU time (user and kernel) per operation.</summary>
    private static void Print(string what, List<double> times, TimeSpan? cpu = null, long? windowStart = null)
    {
        if (windowStart is { } start)
        {
            // The window to give `perf report --time` after `perf record -k CLOCK_MONOTONIC`.
            Console.WriteLine($"[{what}] measured window (CLOCK_MONOTONIC, s): {HttpLoad.MonotonicSeconds(start)},{HttpLoad.MonotonicSeconds(Stopwatch.GetTimestamp())}");
        }
        times.Sort();
        double P(double q) => times[(int)Math.Min(times.Count - 1, Math.Round(q * (times.Count - 1)))];
        var perOperation = cpu is { } total ? string.Create(CultureInfo.InvariantCulture, $"  CPU {total.TotalMilliseconds / times.Count,6:F3} ms/op") : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-34} n={times.Count,6}  p50 {P(0.5),7:F3} ms  p95 {P(0.95),7:F3} ms  p99 {P(0.99),7:F3} ms{perOperation}"));
    }
}
