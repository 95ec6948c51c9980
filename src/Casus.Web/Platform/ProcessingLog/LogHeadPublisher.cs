namespace Casus.Web.Platform.ProcessingLog;

/// <summary>
/// Writes the heads of both log chains to the application log every ten minutes. Shipped off the machine (JSON
/// logs or OpenTelemetry), these lines are anchors outside the database: `verify-log --anchor …` then detects a
/// removed tail, which the hash chain alone cannot.
/// </summary>
public sealed partial class LogHeadPublisher(IServiceScopeFactory scopes, TimeProvider time, ILogger<LogHeadPublisher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                foreach (var head in await scope.ServiceProvider.GetRequiredService<LogVerifier>().HeadsAsync(stoppingToken))
                {
                    Published(logger, head.Log, head.Sequence, head.Hash, head.ToString());
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The processing log's heads could not be read for anchoring.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Processing log head {Log} {Sequence} {Hash} (anchor {Anchor})")]
    private static partial void Published(ILogger logger, string log, long sequence, string hash, string anchor);
}
