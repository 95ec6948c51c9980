using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Casus.Web.Features.Demo;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace Casus.Benchmarks;

/// <summary>
/// Load on one read of one data subject — by default the page GET /admin/users/{id}, with --target api the API
/// GET /api/v1/admin/users/{id}; either writes one processing record and one access record, durable through group
/// commit — with the processing log on, then with a no-op logger, against Casus on Kestrel on 127.0.0.1 and a fresh
/// SQLite database each time. The difference is what the processing log costs. --rounds N measures each mode N times
/// in ABBA order (on, off, off, on, …), so that neither a change in the machine's load nor the JIT's progress lands on
/// one mode only; before that, --warmup-rounds (default 1) runs both modes unmeasured, so the code the two share is
/// compiled (tier 1) before anything counts. Without it the first mode measured ran on freshly jitted tier-0 code and
/// looked slower for that alone.
/// </summary>
public static partial class HttpLoad
{
    private const int MaxSeconds = 120;
    private const int MaxConcurrency = 256;
    private const long MaxRequests = 2_000_000;

    public static async Task<int> RunAsync(string[] args)
    {
        int seconds, concurrency, warmup, rounds, warmupRounds, rate;
        bool interleave;
        var target = args.SkipWhile(a => a != "--target").Skip(1).FirstOrDefault() ?? "page";
        if (target is not ("page" or "api"))
        {
            Console.Error.WriteLine("--target is page or api.");
            return 2;
        }
        var path = target == "page" ? "/admin/users/" : "/api/v1/admin/users/";
        // --postgres CONNECTION: each application gets a fresh database on that server instead of a SQLite folder.
        var postgres = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault();
        if (args.Contains("--postgres") && string.IsNullOrWhiteSpace(postgres))
        {
            Console.Error.WriteLine("--postgres needs a connection string to a PostgreSQL server, e.g. \"Host=127.0.0.1;Port=5433;Username=postgres\".");
            return 2;
        }
        try
        {
            rounds = Math.Clamp(Option(args, "--rounds", 1), 1, 20);
            warmupRounds = Math.Clamp(Option(args, "--warmup-rounds", 1), 0, 5);
            seconds = Math.Clamp(Option(args, "--seconds", 10), 1, MaxSeconds);
            concurrency = Math.Clamp(Option(args, "--concurrency", 16), 1, MaxConcurrency);
            warmup = Math.Clamp(Option(args, "--warmup", 1), 0, 30);
            rate = Math.Clamp(Option(args, "--rate", 0), 0, 10_000);
            interleave = args.Contains("--interleave");
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
        var load = rate > 0 ? $"open loop at {rate} requests/s (at most {concurrency} connections)" : $"{concurrency} workers";
        Console.WriteLine($"GET {path}{{id}}: {load}, {warmup} s warm-up, {seconds} s measured, per mode and round, {rounds} round(s) after {warmupRounds} unmeasured; {Environment.ProcessorCount} cores shared by client and server; database {(postgres is null ? "SQLite" : "PostgreSQL (its server's own CPU is not in CPU ms/req)")}; tiered compilation {(Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") == "0" ? "off" : "on")}");
        if (interleave)
        {
            return await InterleavedAsync(path, seconds, concurrency, warmup, rate, rounds, postgres);
        }
        for (var round = 0; round < warmupRounds; round++)
        {
            _ = await MeasureAsync(processingLog: true, path, seconds, concurrency, warmup, rate, postgres);
            _ = await MeasureAsync(processingLog: false, path, seconds, concurrency, warmup, rate, postgres);
        }

        var ons = new List<Result>();
        var offs = new List<Result>();
        for (var round = 0; round < rounds; round++)
        {
            // ABBA: on first in even rounds, off first in odd ones.
            foreach (var processingLog in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                (processingLog ? ons : offs).Add(await MeasureAsync(processingLog, path, seconds, concurrency, warmup, rate, postgres));
            }
        }
        return Summarise(ons, offs);
    }

    private static int Summarise(List<Result> ons, List<Result> offs)
    {
        var rounds = ons.Count;
        // Per mode the round with the median p50: one disturbed round does not decide the figure.
        var on = ons.OrderBy(r => r.P50).ElementAt(rounds / 2);
        var off = offs.OrderBy(r => r.P50).ElementAt(rounds / 2);
        double? pairedP50 = null, pairedRelative = null;
        if (rounds > 1)
        {
            Console.WriteLine();
            Console.WriteLine("p50 per round (on / off ms): " + string.Join("  ", ons.Zip(offs, (a, b) => string.Create(CultureInfo.InvariantCulture, $"{a.P50:F2}/{b.P50:F2}"))));
            Console.WriteLine("CPU per request per round (on / off ms): " + string.Join("  ", ons.Zip(offs, (a, b) => string.Create(CultureInfo.InvariantCulture, $"{a.CpuPerRequest:F3}/{b.CpuPerRequest:F3}"))));
            // Each round's two modes ran back to back, so their difference is less disturbed by the machine's drift
            // than the two modes' medians taken apart.
            static double Median(IEnumerable<double> values) { var v = values.Order().ToArray(); return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2; }
            var p50Difference = Median(ons.Zip(offs, (a, b) => a.P50 - b.P50));
            var relativeDifference = Median(ons.Zip(offs, (a, b) => (a.P50 - b.P50) / b.P50));
            var cpuDifference = Median(ons.Zip(offs, (a, b) => a.CpuPerRequest - b.CpuPerRequest));
            var allocatedDifference = Median(ons.Zip(offs, (a, b) => a.KilobytesPerRequest - b.KilobytesPerRequest));
            var pausedDifference = Median(ons.Zip(offs, (a, b) => a.GcPausedShare - b.GcPausedShare));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median of the per-round differences (on - off): p50 {p50Difference:F2} ms ({relativeDifference:P1}), CPU per request {cpuDifference:F3} ms, allocated per request {allocatedDifference:F1} KB, time in GC pauses {pausedDifference * 100:F2} percentage points"));
            (pairedP50, pairedRelative) = (p50Difference, relativeDifference);
        }

        Console.WriteLine();
        // CPU per request (client and server together, one process): unlike latency under saturation, it hardly moves
        // with the machine's other load, so it is the steadier measure of what the log adds.
        Console.WriteLine($"{"mode",-22}{"requests",10}{"errors",8}{"req/s",10}{"p50 ms",9}{"p95 ms",9}{"p99 ms",9}{"max ms",9}{"CPU ms/req",12}{"KB/req",9}{"GC paused",11}");
        foreach (var r in new[] { on, off })
        {
            Console.WriteLine($"{r.Mode,-22}{r.Requests,10}{r.Errors,8}{r.RequestsPerSecond,10:F0}{r.P50,9:F2}{r.P95,9:F2}{r.P99,9:F2}{r.Max,9:F2}{r.CpuPerRequest,12:F3}{r.KilobytesPerRequest,9:F1}{r.GcPausedShare,11:P2}");
        }
        var absolute = on.P50 - off.P50;
        var relative = off.P50 > 0 ? absolute / off.P50 : double.NaN;
        var throughput = off.RequestsPerSecond > 0 ? (off.RequestsPerSecond - on.RequestsPerSecond) / off.RequestsPerSecond : double.NaN;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"processing log overhead at p50, per-mode medians: {absolute:F2} ms, {relative:P1}; throughput {throughput:P1} lower"));
        // With several rounds the target is judged on the paired differences (the steadier figure, see above).
        var (judged, judgedRelative, basis) = pairedP50 is { } paired
            ? (paired, pairedRelative!.Value, "median of the per-round differences")
            : (absolute, relative, "one round");
        var met = judgedRelative <= 0.20 && judged <= 1.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target <= 20% and <= 1 ms at p50 ({basis}: {judged:F2} ms, {judgedRelative:P1}): {(met ? "met" : "NOT met")}"));
        return on.Errors + off.Errors == 0 ? 0 : 1;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        if (i < 0)
        {
            return fallback;
        }
        return i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value : throw new FormatException($"{name} needs a whole number.");
    }

    /// <summary>
    /// Both modes' applications run side by side, are warmed up in turn, and are then measured in slices of
    /// <paramref name="seconds"/>, ABBA, so each pair of slices is seconds apart instead of a restart apart.
    /// </summary>
    private static async Task<int> InterleavedAsync(string path, int seconds, int concurrency, int warmup, int rate, int rounds, string? postgres)
    {
        await using var on = await BenchServer.StartAsync(processingLog: true, concurrency, postgres);
        await using var off = await BenchServer.StartAsync(processingLog: false, concurrency, postgres);
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var server in new[] { on, off })
            {
                _ = await LoadAsync(server.Http, server.Cookies, path, server.Subjects, concurrency, rate, TimeSpan.FromSeconds(Math.Max(warmup, 1)), server.Mode);
            }
        }
        var ons = new List<Result>();
        var offs = new List<Result>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var server in round % 2 == 0 ? new[] { on, off } : [off, on])
            {
                (server == on ? ons : offs).Add(await server.MeasureAsync(path, seconds, concurrency, rate));
            }
        }
        await on.ReportAsync(ons[^1]);
        await off.ReportAsync(offs[^1]);
        return Summarise(ons, offs);
    }

    /// <summary>One phase of the default design: a fresh application, warmed up, measured once, then removed.</summary>
    private static async Task<Result> MeasureAsync(bool processingLog, string path, int seconds, int concurrency, int warmup, int rate, string? postgres)
    {
        await using var server = await BenchServer.StartAsync(processingLog, concurrency, postgres);
        if (warmup > 0)
        {
            _ = await LoadAsync(server.Http, server.Cookies, path, server.Subjects, concurrency, rate, TimeSpan.FromSeconds(warmup), server.Mode);
        }
        var result = await server.MeasureAsync(path, seconds, concurrency, rate);
        await server.ReportAsync(result);
        return result;
    }

    /// <summary>
    /// A running application with its own SQLite folder (or its own PostgreSQL database) and a signed-in client. Both modes can run side by side in
    /// one process (<c>--interleave</c>): then the modes' measured slices follow each other within seconds, on warm
    /// applications, and the machine's drift falls on both alike.
    /// </summary>
    private sealed class BenchServer : IAsyncDisposable
    {
        private readonly string _folder;
        private readonly BenchFactory _app;
        private readonly SocketsHttpHandler _handler;
        private readonly BenchDatabase _database;

        private BenchServer(string mode, string folder, BenchDatabase database, BenchFactory app, SocketsHttpHandler handler, HttpClient http, string cookies, Guid[] subjects)
        {
            Mode = mode;
            _folder = folder;
            _database = database;
            _app = app;
            _handler = handler;
            Http = http;
            Cookies = cookies;
            Subjects = subjects;
        }

        public string Mode { get; }
        public HttpClient Http { get; }
        public string Cookies { get; }
        public Guid[] Subjects { get; }

        public static async Task<BenchServer> StartAsync(bool processingLog, int concurrency, string? postgres)
        {
            var mode = processingLog ? "processing log on" : "no-op logger";
            var folder = Path.Combine(Path.GetTempPath(), "casus-bench", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var database = await BenchDatabase.CreateAsync(folder, postgres);
            var app = new BenchFactory(folder, database, processingLog);
            app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            app.StartServer();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
                .Select(a => new Uri(a)).Single(a => a.IsLoopback);

            Guid[] subjects;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
                subjects = await db.Users.AsNoTracking().OrderBy(u => u.Email).Select(u => u.Id).ToArrayAsync();
            }

            var handler = new SocketsHttpHandler
            {
                UseCookies = false, // the cookies are Secure and this is plain http on loopback: sent by hand
                AllowAutoRedirect = false,
                MaxConnectionsPerServer = concurrency,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            };
            var http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            http.DefaultRequestHeaders.Add("X-Forwarded-For", "127.0.0.1");
            var cookies = await SignInAsync(http);
            Console.WriteLine($"[{mode}] Casus on {address}, signed in as the demo administrator; {subjects.Length} data subjects to read");
            return new BenchServer(mode, folder, database, app, handler, http, cookies, subjects);
        }

        public async Task<Result> MeasureAsync(string path, int seconds, int concurrency, int rate)
        {
            // Group commit at work: how many requests' records one commit (one fsync) made durable.
            using var meters = new GroupCommitListener();
            // Stopwatch reads CLOCK_MONOTONIC on Linux: with `perf record -k CLOCK_MONOTONIC` this window is what
            // `perf report --time FROM,TO` should look at.
            var windowStart = Stopwatch.GetTimestamp();
            var result = await LoadAsync(Http, Cookies, path, Subjects, concurrency, rate, TimeSpan.FromSeconds(seconds), Mode);
            Console.WriteLine($"[{Mode}] measured window (CLOCK_MONOTONIC, s): {MonotonicSeconds(windowStart)},{MonotonicSeconds(Stopwatch.GetTimestamp())}");
            meters.Dispose();
            if (meters.Commits > 0)
            {
                Console.WriteLine($"[{Mode}] {meters.Commits} commits for {meters.Appends} logged actions: {(double)meters.Appends / meters.Commits:F2} per commit");
            }
            return result;
        }

        public async Task ReportAsync(Result result)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
            var processing = await db.ProcessingLog.LongCountAsync();
            var access = await db.AccessLog.LongCountAsync();
            var verification = await scope.ServiceProvider.GetRequiredService<LogVerifier>().VerifyAsync();
            var wal = new FileInfo(Path.Combine(_folder, "casus.db-wal"));
            var logWal = new FileInfo(Path.Combine(_folder, "casus-log.db-wal"));
            var walSizes = _database.Provider == "Sqlite"
                ? $"; write-ahead logs: main file {(wal.Exists ? wal.Length / 1024 : 0)} KiB, log file {(logWal.Exists ? logWal.Length / 1024 : 0)} KiB"
                : "";
            Console.WriteLine($"[{Mode}] {result.Requests} requests ({result.Errors} errors) in {result.Elapsed.TotalSeconds:F1} s; log holds {processing} processing and {access} access records, chain {(verification.Intact ? "intact" : $"BROKEN: {verification.FirstBreak}")}{walSizes}");
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            _handler.Dispose();
            await _app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            await _database.DropAsync();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A Stopwatch timestamp in seconds of CLOCK_MONOTONIC (what Stopwatch reads on Linux), for `perf report --time`.</summary>
    internal static string MonotonicSeconds(long timestamp) =>
        ((double)timestamp / Stopwatch.Frequency).ToString("F6", CultureInfo.InvariantCulture);

    /// <summary>
    /// Closed loop (rate 0): <paramref name="concurrency"/> workers, each sending its next request when the last one
    /// is answered, which saturates the machine. Open loop (rate &gt; 0): requests leave at a fixed rate whatever the
    /// answers do, as users' requests arrive, and each latency counts from the moment its request was due, so a server
    /// that falls behind is not flattered by the client waiting for it (no coordinated omission).
    /// </summary>
    private static async Task<Result> LoadAsync(HttpClient http, string cookies, string path, Guid[] subjects, int concurrency, int rate, TimeSpan duration, string mode)
    {
        using var abort = new CancellationTokenSource(duration + TimeSpan.FromSeconds(60));
        var latencies = new List<long>[Math.Max(concurrency, 1)];
        var errors = 0;
        long issued = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var pausedBefore = GC.GetTotalPauseDuration();
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        // The latency from `due` to the whole answer, or null for an error.
        async Task<long?> SendAsync(Guid subject, long due)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path + subject);
            request.Headers.TryAddWithoutValidation("Cookie", cookies);
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, abort.Token);
                var t1 = Stopwatch.GetTimestamp();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return t1 - due;
                }
                if (Interlocked.Increment(ref errors) <= 3)
                {
                    Console.Error.WriteLine($"[{mode}] {(int)response.StatusCode} for {request.RequestUri}");
                }
            }
            catch (HttpRequestException ex)
            {
                if (Interlocked.Increment(ref errors) <= 3)
                {
                    Console.Error.WriteLine($"[{mode}] {ex.Message}");
                }
            }
            return null;
        }

        async Task WorkerAsync(int worker)
        {
            var mine = latencies[worker] = new List<long>(4096);
            var next = worker;
            while (Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref issued) <= MaxRequests)
            {
                if (await SendAsync(subjects[next++ % subjects.Length], Stopwatch.GetTimestamp()) is { } latency)
                {
                    mine.Add(latency);
                }
            }
        }

        async Task PacedAsync()
        {
            var answered = latencies[0] = new List<long>(4096);
            var pending = new List<Task>();
            for (long k = 0; k < MaxRequests; k++)
            {
                var due = started + (long)(k * (double)Stopwatch.Frequency / rate);
                if (due >= deadline)
                {
                    break;
                }
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                }
                var subject = subjects[k % subjects.Length];
                pending.Add(Task.Run(async () =>
                {
                    if (await SendAsync(subject, due) is { } latency)
                    {
                        lock (answered)
                        {
                            answered.Add(latency);
                        }
                    }
                }));
            }
            await Task.WhenAll(pending);
        }

        if (rate > 0)
        {
            await PacedAsync();
        }
        else
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(() => WorkerAsync(w))));
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        var all = latencies.Where(l => l is not null).SelectMany(l => l).ToArray();
        Array.Sort(all);
        double Ms(double q) => all.Length == 0 ? double.NaN
            : all[Math.Clamp((int)Math.Ceiling(q * all.Length) - 1, 0, all.Length - 1)] * 1000.0 / Stopwatch.Frequency;
        return new Result(mode, all.Length, errors, elapsed, all.Length / elapsed.TotalSeconds, Ms(0.50), Ms(0.95), Ms(0.99), Ms(1.0),
            all.Length == 0 ? double.NaN : cpu.TotalMilliseconds / all.Length,
            all.Length == 0 ? double.NaN : allocated / 1024.0 / all.Length, paused / elapsed);
    }

    /// <summary>As a browser does it: the login form with its antiforgery token, password, then the authenticator code.</summary>
    private static async Task<string> SignInAsync(HttpClient http)
    {
        var admin = DemoRegion.Accounts.Single(a => a.Role == Roles.SystemAdmin);
        var jar = new Dictionary<string, string>(StringComparer.Ordinal);

        var login = await SendAsync(http, jar, HttpMethod.Get, "/account/login", null, HttpStatusCode.OK);
        var step1 = await SendAsync(http, jar, HttpMethod.Post, "/account/login", new Dictionary<string, string>
        {
            ["Email"] = admin.Email,
            ["Password"] = DemoRegion.Password,
            ["__af"] = AntiforgeryToken(await login.Content.ReadAsStringAsync()),
        }, HttpStatusCode.Redirect);
        var twoFactor = Location(step1);
        if (!twoFactor.StartsWith("/account/two", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The password step sent us to {twoFactor}, not to the second factor.");
        }

        var page = await SendAsync(http, jar, HttpMethod.Get, twoFactor, null, HttpStatusCode.OK);
        var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(admin.TotpSecret)).ComputeTotp();
        var step2 = await SendAsync(http, jar, HttpMethod.Post, twoFactor, new Dictionary<string, string>
        {
            ["Code"] = code,
            ["__af"] = AntiforgeryToken(await page.Content.ReadAsStringAsync()),
        }, HttpStatusCode.Redirect);
        _ = Location(step2);
        if (!jar.ContainsKey("__Host-casus"))
        {
            throw new InvalidOperationException("Signing in did not set the __Host-casus cookie.");
        }
        return CookieHeader(jar);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Dictionary<string, string> jar, HttpMethod method,
        string path, Dictionary<string, string>? form, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }
        if (jar.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", CookieHeader(jar));
        }
        var response = await http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies)
            && SetCookieHeaderValue.TryParseList(setCookies.ToList(), out var parsed))
        {
            foreach (var cookie in parsed)
            {
                var name = cookie.Name.ToString();
                var expired = cookie.Expires is { } expires && expires <= DateTimeOffset.UtcNow || cookie.MaxAge is { } age && age <= TimeSpan.Zero;
                if (expired || cookie.Value.Length == 0)
                {
                    jar.Remove(name);
                }
                else
                {
                    jar[name] = cookie.Value.ToString();
                }
            }
        }
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}\n{body[..Math.Min(body.Length, 2000)]}");
        }
        return response;
    }

    private static string CookieHeader(Dictionary<string, string> jar) => string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}"));

    private static string Location(HttpResponseMessage response) =>
        response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString)
            : throw new InvalidOperationException("A redirect without a Location header.");

    private static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("No antiforgery token (__af) on the page.");

    [GeneratedRegex("<input[^>]*name=\"__af\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private sealed record Result(string Mode, int Requests, int Errors, TimeSpan Elapsed, double RequestsPerSecond,
        double P50, double P95, double P99, double Max, double CpuPerRequest, double KilobytesPerRequest, double GcPausedShare);
}

/// <summary>Where one bench application keeps its data: a SQLite file in its folder, or a database of its own on a PostgreSQL server.</summary>
internal sealed class BenchDatabase
{
    private readonly string? _server;
    private readonly string? _name;

    private BenchDatabase(string provider, string connectionString, string? server, string? name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _server = server;
        _name = name;
    }

    public string Provider { get; }
    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string folder, string? postgresServer)
    {
        if (postgresServer is null)
        {
            return new BenchDatabase("Sqlite", $"Data Source={Path.Combine(folder, "casus.db")}", null, null);
        }
        var name = "casus_bench_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(postgresServer))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            await command.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(postgresServer) { Database = name }.ConnectionString;
        return new BenchDatabase("PostgreSQL", connectionString, postgresServer, name);
    }

    public async Task DropAsync()
    {
        if (_server is null)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Casus on a fresh database, demo data seeded, optionally without a processing log.</summary>
internal sealed class BenchFactory(string folder, BenchDatabase database, bool processingLog) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseContentRoot(ContentRoot());
        builder.UseSetting("Database:Provider", database.Provider);
        builder.UseSetting("Database:ConnectionString", database.ConnectionString);
        builder.UseSetting("Keys:FilePath", Path.Combine(folder, "keys.json"));
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:SampleCases", "false");
        builder.UseSetting("Security:SignInAttemptsPerMinute", "100000");
        // The client presents itself as coming through a TLS proxy, so production cookie rules apply.
        builder.UseSetting("Security:HttpsOnlyCookies", "true");
        // Casus's cookies and antiforgery demand https. As behind a TLS-terminating reverse proxy, the client says
        // X-Forwarded-Proto: https and the host's forwarded-headers middleware (ASPNETCORE_FORWARDEDHEADERS_ENABLED) believes it.
        builder.UseSetting("FORWARDEDHEADERS_ENABLED", "true");
        // Console logging of every request would be measured too, in both modes alike: warnings only.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        if (!processingLog)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IProcessingLogger>();
                services.AddScoped<IProcessingLogger, NoOpProcessingLogger>();
            });
        }
    }

    /// <summary>
    /// Casus.Web's folder, from the manifest Microsoft.AspNetCore.Mvc.Testing writes next to this program: the
    /// factory's own guess (solution folder + assembly name) is wrong for src/Casus.Web under `dotnet run`.
    /// </summary>
    private static string ContentRoot()
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifest));
        return json.RootElement.EnumerateObject().Single(p => p.Name.StartsWith("Casus.Web,", StringComparison.Ordinal)).Value.GetString()!;
    }
}

/// <summary>Records nothing: the baseline the processing log's cost is measured against.</summary>
internal sealed class NoOpProcessingLogger : IProcessingLogger
{
    public Task RecordAsync(ProcessingActivity activity, string action, IReadOnlyCollection<DataSubject> subjects, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    public Task RecordDeniedAsync(string action, string reason, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
