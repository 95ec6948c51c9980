using System.Globalization;
using Casus.Web.Platform.Data;
using Casus.Web.Platform.ProcessingLog;
using Casus.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Features.Privacy;

/// <summary>Runs <see cref="LogVerifier"/> and keeps each result, so the privacy officer sees when the chains were last checked.</summary>
public sealed class LogVerifications(CasusDbContext db, LogVerifier verifier, TimeProvider time, ICurrentUser me)
{
    public static string DailyKey(DateTimeOffset at) => "daily:" + at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public Task<LogVerification?> LatestAsync(CancellationToken ct) =>
        db.Set<LogVerification>().AsNoTracking().OrderByDescending(v => v.VerifiedAt).ThenByDescending(v => v.Id).FirstOrDefaultAsync(ct);

    /// <summary>"Verify now": a run of its own, whoever else verifies at the same time.</summary>
    public Task<LogVerification> VerifyNowAsync(CancellationToken ct) => RunAsync("manual:" + Guid.NewGuid().ToString("N"), me.UserId, ct)!;

    /// <summary>
    /// The scheduled run of today, unless a node already stored it. Two nodes may both verify; the unique run key
    /// keeps only the first one's row. Returns null when another node's row was kept.
    /// </summary>
    public async Task<LogVerification?> DailyAsync(CancellationToken ct)
    {
        var key = DailyKey(time.GetUtcNow());
        if (await db.Set<LogVerification>().AnyAsync(v => v.RunKey == key, ct))
        {
            return null;
        }
        return await RunAsync(key, null, ct);
    }

    public async Task<LogVerification?> RunAsync(string key, Guid? requestedBy, CancellationToken ct) =>
        await StoreAsync(key, await verifier.VerifyAsync(null, ct), requestedBy, ct);

    /// <summary>Keeps a result, also of the operator's verify-log, so the privacy officer sees every check; null when the key was taken.</summary>
    public async Task<LogVerification?> StoreAsync(string key, VerificationResult result, Guid? requestedBy, CancellationToken ct)
    {
        var run = new LogVerification
        {
            RunKey = key,
            VerifiedAt = time.GetUtcNow(),
            ProcessingRecords = result.ProcessingRecords,
            AccessRecords = result.AccessRecords,
            Intact = result.Intact,
            BreakLog = result.FirstBreak?.Log,
            BreakSequence = result.FirstBreak?.Sequence,
            BreakProblem = result.FirstBreak?.Problem,
            Heads = string.Join(' ', result.Heads.Select(h => h.ToString())),
            RequestedBy = requestedBy,
        };
        db.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (AnotherRunWasStored(key))
        {
            return null;
        }
        return run;
    }

    /// <summary>The failed insert is forgotten; when another node's row holds the key, losing the race is no error.</summary>
    private bool AnotherRunWasStored(string key)
    {
        db.ChangeTracker.Clear();
        return db.Set<LogVerification>().Any(v => v.RunKey == key);
    }
}

/// <summary>Verifies both log chains at start and then once a day, on whichever web node gets there first.</summary>
public sealed partial class LogVerificationJob(IServiceScopeFactory scopes, TimeProvider time, ILogger<LogVerificationJob> logger) : BackgroundService
{
    /// <summary>Looks hourly whether today's run is there; the run itself happens once a day.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<LogVerifications>().DailyAsync(stoppingToken) is { Intact: false } run)
                {
                    Broken(logger, run.BreakLog ?? "", run.BreakSequence ?? 0, run.BreakProblem ?? "");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The scheduled verification of the processing log failed.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Critical, Message = "The processing log's chain is broken: {Log} record {Sequence}: {Problem}")]
    private static partial void Broken(ILogger logger, string log, long sequence, string problem);
}
