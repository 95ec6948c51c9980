using System.Data.Common;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Data.Sqlite;

namespace Casus.Web.Platform.ProcessingLog;

/// <summary>
/// Writes log records durably before the caller goes on. Concurrent callers share one transaction (group commit,
/// leader/follower): the caller that finds the writer idle becomes the leader and commits everything queued so far,
/// on its own thread; callers arriving meanwhile only wait for their records, and are committed together by the
/// current or the next leader. One fsync serves many requests, so durability is not traded for throughput, and a
/// lone request is never handed to another thread and back. Across processes (several web nodes on PostgreSQL) an
/// advisory lock serialises the chain.
/// </summary>
public sealed class ProcessingLogWriter : IHostedService, IAsyncDisposable
{
    private const int MaxBatch = 256;
    /// <summary>Batches a leader commits for others after its own records are in, before it hands the lead on.</summary>
    private const int RoundsForOthers = 2;
    private const long PostgresChainLock = 0x43415355534C4F47; // "CASUSLOG"

    /// <summary>The writer's meter: how well group commit works (appends per commit) is visible to operators.</summary>
    public const string MeterName = "Casus.ProcessingLog";
    private static readonly Meter Meter = new(MeterName, "1.0");
    public const string CommitsInstrument = "casus.processing_log.commits";
    public const string AppendsInstrument = "casus.processing_log.appends";
    private static readonly Counter<long> Commits = Meter.CreateCounter<long>(CommitsInstrument, "{commit}", "Transactions that made log records durable");
    private static readonly Counter<long> Appends = Meter.CreateCounter<long>(AppendsInstrument, "{append}", "Actions whose log records were committed (one per request that logs)");
    private static readonly Counter<long> Records = Meter.CreateCounter<long>("casus.processing_log.records", "{record}", "Processing and access records committed");

    private readonly ConcurrentQueue<PendingBatch> _queue = new();
    private readonly IServiceScopeFactory _scopes;
    private readonly LogChain _chain;
    private readonly ILogger<ProcessingLogWriter> _logger;
    private AsyncServiceScope? _scope;
    private DbConnection? _connection;
    private Statements? _statements;
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
            var connection = await ConnectionAsync(cancellationToken);
            // SQLite: BEGIN IMMEDIATE takes the log file's write lock now, so reading the chain heads below is
            // race-free even with a second process on the same file. PostgreSQL: the advisory lock serialises the nodes.
            await using var dbTransaction = await connection.BeginTransactionAsync(cancellationToken);
            if (connection is not SqliteConnection)
            {
                await using var lockCommand = connection.CreateCommand();
                lockCommand.Transaction = dbTransaction;
                lockCommand.CommandText = $"SELECT pg_advisory_xact_lock({PostgresChainLock})";
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }
            var processing = new List<ProcessingLogRecord>();
            var access = new List<AccessLogRecord>();
            var (processingSequence, processingHash) = await HeadAsync(_statements!.ProcessingHead, dbTransaction, cancellationToken);
            var (accessSequence, accessHash) = await HeadAsync(_statements.AccessHead, dbTransaction, cancellationToken);
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
            if (_statements.AccessInsert is { } accessInsert && _statements.ProcessingInsert is { } processingInsert)
            {
                await accessInsert.InsertAsync(dbTransaction, access, cancellationToken);
                await processingInsert.InsertAsync(dbTransaction, processing, cancellationToken);
            }
            else
            {
                await _accessTable!.InsertAsync(connection, dbTransaction, access, cancellationToken);
                await _processingTable!.InsertAsync(connection, dbTransaction, processing, cancellationToken);
            }
            await dbTransaction.CommitAsync(cancellationToken);
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
    /// The writer keeps one open connection: opening a connection per batch (and SQLite's pragmas on each open) cost
    /// more than the inserts. On SQLite it is a connection to the log file alone (<see cref="SqliteLogFile"/>), so a
    /// commit neither touches nor locks the main file. After any failure the next batch starts on a fresh connection.
    /// </summary>
    private async Task<DbConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is null)
        {
            _scope = _scopes.CreateAsyncScope();
            var db = _scope.Value.ServiceProvider.GetRequiredService<CasusDbContext>();
            _processingTable ??= new LogTableInserter<ProcessingLogRecord>(db);
            _accessTable ??= new LogTableInserter<AccessLogRecord>(db);
            if (db.Database.IsSqlite())
            {
                var logFile = await SqliteLogFile.OpenAloneAsync(db.Database.GetConnectionString()!, cancellationToken);
                _connection = logFile;
                _statements = new Statements(_processingTable.PrepareHead(logFile), _accessTable.PrepareHead(logFile),
                    _processingTable.PrepareRowInsert(logFile), _accessTable.PrepareRowInsert(logFile));
            }
            else
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
                _connection = db.Database.GetDbConnection();
                _statements = new Statements(_processingTable.PrepareHead(_connection), _accessTable.PrepareHead(_connection), null, null);
            }
        }
        return _connection;
    }

    /// <summary>The container disposes the writer after the host stopped it: the connection is closed by then.</summary>
    public async ValueTask DisposeAsync() => await ResetConnectionAsync();

    private async Task ResetConnectionAsync()
    {
        if (_scope is { } scope)
        {
            var own = _connection as SqliteConnection;
            var statements = _statements;
            _scope = null;
            _connection = null;
            _statements = null;
            try
            {
                if (statements is not null)
                {
                    await statements.DisposeAsync();
                }
                if (own is not null)
                {
                    await own.DisposeAsync();
                }
                await scope.DisposeAsync();
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException)
            {
                _logger.LogWarning(ex, "Closing the processing log's connection failed.");
            }
        }
    }

    private static async Task<(long Sequence, string Hash)> HeadAsync(DbCommand head, DbTransaction transaction, CancellationToken cancellationToken)
    {
        head.Transaction = transaction;
        await using var reader = await head.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : (0, LogChain.Genesis);
    }

    /// <summary>The writer's statements, made once per connection and reused for every commit.</summary>
    private sealed record Statements(
        DbCommand ProcessingHead,
        DbCommand AccessHead,
        LogTableInserter<ProcessingLogRecord>.RowInserter? ProcessingInsert,
        LogTableInserter<AccessLogRecord>.RowInserter? AccessInsert) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await ProcessingHead.DisposeAsync();
            await AccessHead.DisposeAsync();
            if (ProcessingInsert is not null)
            {
                await ProcessingInsert.DisposeAsync();
            }
            if (AccessInsert is not null)
            {
                await AccessInsert.DisposeAsync();
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
