using System.Data.Common;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Casus.Web.Platform.ProcessingLog;

/// <summary>
/// Writes log records durably before the caller goes on. Concurrent callers share one transaction (group commit,
/// leader/follower): the caller that finds the writer idle becomes the leader and commits everything queued so far,
/// on its own thread; callers arriving meanwhile only wait for their records, and are committed together by the
/// current or the next leader. One fsync serves many requests, so durability is not traded for throughput, and a
/// lone request is never handed to another thread and back. Across processes (several web nodes on PostgreSQL) an
/// advisory lock serialises the chain.
/// </summary>
public sealed class ProcessingLogWriter : IHostedService
{
    private const int MaxBatch = 256;
    /// <summary>Batches a leader commits for others after its own records are in, before it hands the lead on.</summary>
    private const int RoundsForOthers = 2;
    private const long PostgresChainLock = 0x43415355534C4F47; // "CASUSLOG"

    /// <summary>The writer's meter: how well group commit works (appends per commit) is visible to operators.</summary>
    public const string MeterName = "Casus.ProcessingLog";
    private static readonly Meter Meter = new(MeterName, "1.0");
    private static readonly Counter<long> Commits = Meter.CreateCounter<long>("casus.processing_log.commits", "{commit}", "Transactions that made log records durable");
    private static readonly Counter<long> Appends = Meter.CreateCounter<long>("casus.processing_log.appends", "{append}", "Actions whose log records were committed (one per request that logs)");
    private static readonly Counter<long> Records = Meter.CreateCounter<long>("casus.processing_log.records", "{record}", "Processing and access records committed");

    private readonly ConcurrentQueue<PendingBatch> _queue = new();
    private readonly IServiceScopeFactory _scopes;
    private readonly LogChain _chain;
    private readonly ILogger<ProcessingLogWriter> _logger;
    private AsyncServiceScope? _scope;
    private CasusDbContext? _db;
    private LogTableInserter<ProcessingLogRecord>? _processingTable;
    private LogTableInserter<AccessLogRecord>? _accessTable;
    /// <summary>1 while a leader commits; only the leader touches the connection.</summary>
    private int _leading;
    private volatile bool _stopping;

    public ProcessingLogWriter(IServiceScopeFactory scopes, LogChain chain, ILogger<ProcessingLogWriter> logger)
    {
        _scopes = scopes;
        _chain = chain;
        _logger = logger;
    }

    /// <summary>Completes when the records are committed; throws when they could not be (no log, no access).</summary>
    public async Task AppendAsync(IReadOnlyList<ProcessingLogRecord> processing, IReadOnlyList<AccessLogRecord> access)
    {
        if (_stopping)
        {
            throw new ProcessingLogUnavailableException("The application is stopping.");
        }
        var pending = new PendingBatch(processing, access);
        _queue.Enqueue(pending);
        await LeadWhileNeededAsync(pending);
        await pending.Done.Task;
    }

    /// <summary>
    /// Becomes the leader unless another caller is; a leader commits batches until the queue is empty (or, once its
    /// own records are in, hands the rest to a fresh leader on the thread pool), then steps down and looks once more:
    /// a caller that enqueued while the lead was held saw it taken and relies on exactly this re-check.
    /// </summary>
    private async Task LeadWhileNeededAsync(PendingBatch? own)
    {
        while (Interlocked.CompareExchange(ref _leading, 1, 0) == 0)
        {
            var handOn = false;
            try
            {
                var batch = new List<PendingBatch>(MaxBatch);
                var roundsAfterOwn = 0;
                while (true)
                {
                    if (own is null || own.Done.Task.IsCompleted)
                    {
                        if (own is not null && roundsAfterOwn++ >= RoundsForOthers && !_queue.IsEmpty)
                        {
                            handOn = true;
                            break;
                        }
                    }
                    batch.Clear();
                    while (batch.Count < MaxBatch && _queue.TryDequeue(out var item))
                    {
                        batch.Add(item);
                    }
                    if (batch.Count == 0)
                    {
                        break;
                    }
                    await WriteAsync(batch, CancellationToken.None);
                }
            }
            finally
            {
                Interlocked.Exchange(ref _leading, 0);
            }
            if (handOn)
            {
                _ = Task.Run(() => LeadWhileNeededAsync(null));
                return;
            }
            if (_queue.IsEmpty)
            {
                return;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing may be left waiting forever when the host stops.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        while (Interlocked.CompareExchange(ref _leading, 1, 0) != 0)
        {
            await Task.Delay(10, cancellationToken);
        }
        try
        {
            while (_queue.TryDequeue(out var item))
            {
                item.Done.TrySetException(new ProcessingLogUnavailableException("The application is stopping."));
            }
            await ResetConnectionAsync();
        }
        finally
        {
            Interlocked.Exchange(ref _leading, 0);
        }
    }

    private async Task WriteAsync(List<PendingBatch> batch, CancellationToken cancellationToken)
    {
        try
        {
            var (db, connection) = await ConnectionAsync(cancellationToken);
            // SQLite: BEGIN IMMEDIATE takes the write lock now, so reading the chain heads below is race-free even
            // with a second process on the same file. PostgreSQL: the advisory lock serialises the nodes.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var dbTransaction = transaction.GetDbTransaction();
            if (db.Database.IsNpgsql())
            {
                await using var lockCommand = connection.CreateCommand();
                lockCommand.Transaction = dbTransaction;
                lockCommand.CommandText = $"SELECT pg_advisory_xact_lock({PostgresChainLock})";
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }
            var processing = new List<ProcessingLogRecord>();
            var access = new List<AccessLogRecord>();
            var (processingSequence, processingHash) = await HeadAsync(connection, dbTransaction, _processingTable!.HeadQuery, cancellationToken);
            var (accessSequence, accessHash) = await HeadAsync(connection, dbTransaction, _accessTable!.HeadQuery, cancellationToken);
            foreach (var item in batch)
            {
                foreach (var record in item.Access)
                {
                    record.Sequence = ++accessSequence;
                    record.OccurredAt = LogChain.Truncate(record.OccurredAt);
                    record.PreviousHash = accessHash;
                    record.Hash = accessHash = _chain.Hash(record);
                    access.Add(record);
                }
                foreach (var record in item.Processing)
                {
                    record.Sequence = ++processingSequence;
                    record.StartTime = LogChain.Truncate(record.StartTime);
                    record.EndTime = LogChain.Truncate(record.EndTime);
                    record.PreviousHash = processingHash;
                    record.Hash = processingHash = _chain.Hash(record);
                    processing.Add(record);
                }
            }
            await _accessTable.InsertAsync(connection, dbTransaction, access, cancellationToken);
            await _processingTable.InsertAsync(connection, dbTransaction, processing, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            Commits.Add(1);
            Appends.Add(batch.Count);
            Records.Add(processing.Count + access.Count);
            foreach (var item in batch)
            {
                item.Done.TrySetResult();
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Writing {Count} processing log batches failed; the actions they record fail too.", batch.Count);
            await ResetConnectionAsync();
            foreach (var item in batch)
            {
                item.Done.TrySetException(new ProcessingLogUnavailableException("The processing log could not be written.", ex));
            }
        }
    }

    /// <summary>
    /// The writer keeps one context and one open connection: opening a connection per batch (and SQLite's pragmas
    /// on each open) cost more than the inserts. After any failure the next batch starts on a fresh connection.
    /// </summary>
    private async Task<(CasusDbContext Db, DbConnection Connection)> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_db is null)
        {
            _scope = _scopes.CreateAsyncScope();
            _db = _scope.Value.ServiceProvider.GetRequiredService<CasusDbContext>();
            await _db.Database.OpenConnectionAsync(cancellationToken);
            _processingTable ??= new LogTableInserter<ProcessingLogRecord>(_db);
            _accessTable ??= new LogTableInserter<AccessLogRecord>(_db);
        }
        return (_db, _db.Database.GetDbConnection());
    }

    private async Task ResetConnectionAsync()
    {
        if (_scope is { } scope)
        {
            _scope = null;
            _db = null;
            try
            {
                await scope.DisposeAsync();
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException)
            {
                _logger.LogWarning(ex, "Closing the processing log's connection failed.");
            }
        }
    }

    private static async Task<(long Sequence, string Hash)> HeadAsync(DbConnection connection, DbTransaction transaction, string query, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = query;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : (0, LogChain.Genesis);
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
