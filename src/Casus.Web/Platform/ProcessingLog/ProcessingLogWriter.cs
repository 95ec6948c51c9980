using System.Threading.Channels;
using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Platform.ProcessingLog;

/// <summary>
/// Writes log records durably before the caller goes on. Concurrent callers share one transaction (group
/// commit): one fsync serves many requests, so durability is not traded for throughput. One writer loop per
/// process; across processes (several web nodes on PostgreSQL) an advisory lock serialises the chain.
/// </summary>
public sealed class ProcessingLogWriter : BackgroundService
{
    private const int MaxBatch = 256;
    private const long PostgresChainLock = 0x43415355534C4F47; // "CASUSLOG"

    private readonly Channel<PendingBatch> _queue = Channel.CreateUnbounded<PendingBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly LogChain _chain;
    private readonly ILogger<ProcessingLogWriter> _logger;

    public ProcessingLogWriter(IServiceScopeFactory scopes, LogChain chain, ILogger<ProcessingLogWriter> logger)
    {
        _scopes = scopes;
        _chain = chain;
        _logger = logger;
    }

    /// <summary>Completes when the records are committed; throws when they could not be (no log, no access).</summary>
    public Task AppendAsync(IReadOnlyList<ProcessingLogRecord> processing, IReadOnlyList<AccessLogRecord> access)
    {
        var pending = new PendingBatch(processing, access);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ProcessingLogUnavailableException("The processing log is not accepting records.");
        }
        return pending.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingBatch>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }
                await WriteAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Nothing may be left waiting forever when the host stops.
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var item))
            {
                item.Done.TrySetException(new ProcessingLogUnavailableException("The application is stopping."));
            }
        }
    }

    private async Task WriteAsync(List<PendingBatch> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CasusDbContext>();
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                if (db.Database.IsNpgsql())
                {
                    await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresChainLock})", cancellationToken);
                }
                await ChainAsync(db, batch, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            });
            foreach (var item in batch)
            {
                item.Done.TrySetResult();
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Writing {Count} processing log batches failed; the actions they record fail too.", batch.Count);
            foreach (var item in batch)
            {
                item.Done.TrySetException(new ProcessingLogUnavailableException("The processing log could not be written.", ex));
            }
        }
    }

    private async Task ChainAsync(CasusDbContext db, List<PendingBatch> batch, CancellationToken cancellationToken)
    {
        var lastProcessing = await db.ProcessingLog.OrderByDescending(r => r.Sequence)
            .Select(r => new { r.Sequence, r.Hash }).FirstOrDefaultAsync(cancellationToken);
        var lastAccess = await db.AccessLog.OrderByDescending(r => r.Sequence)
            .Select(r => new { r.Sequence, r.Hash }).FirstOrDefaultAsync(cancellationToken);
        long processingSequence = lastProcessing?.Sequence ?? 0;
        var processingHash = lastProcessing?.Hash ?? LogChain.Genesis;
        long accessSequence = lastAccess?.Sequence ?? 0;
        var accessHash = lastAccess?.Hash ?? LogChain.Genesis;

        foreach (var item in batch)
        {
            foreach (var record in item.Access)
            {
                record.Sequence = ++accessSequence;
                record.OccurredAt = LogChain.Truncate(record.OccurredAt);
                record.PreviousHash = accessHash;
                record.Hash = accessHash = _chain.Hash(record);
                db.AccessLog.Add(record);
            }
            foreach (var record in item.Processing)
            {
                record.Sequence = ++processingSequence;
                record.StartTime = LogChain.Truncate(record.StartTime);
                record.EndTime = LogChain.Truncate(record.EndTime);
                record.PreviousHash = processingHash;
                record.Hash = processingHash = _chain.Hash(record);
                db.ProcessingLog.Add(record);
            }
        }
    }

    private sealed record PendingBatch(IReadOnlyList<ProcessingLogRecord> Processing, IReadOnlyList<AccessLogRecord> Access)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

public sealed class ProcessingLogUnavailableException : Exception
{
    public ProcessingLogUnavailableException(string message) : base(message) { }
    public ProcessingLogUnavailableException(string message, Exception inner) : base(message, inner) { }
    public ProcessingLogUnavailableException() { }
}
