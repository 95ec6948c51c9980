using System.Data.Common;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Casus.Web.Platform.ProcessingLog;

/// <summary>
/// Writes log records durably before the caller goes on. Concurrent callers share one transaction (group commit): a
/// writer thread of its own commits everything queued so far in one transaction, and what arrives meanwhile goes into
/// the next. One fsync serves many requests, so durability is not traded for throughput. The thread is the writer's
/// own and not one of the thread pool's: a commit blocks in fsync, and a pool worker blocked there left a core idle
/// under load (measured: 3–4% of the machine's time in iowait with the pool's workers parked behind it). Across
/// processes (several web nodes on PostgreSQL) an advisory lock serialises the chain.
/// </summary>
public sealed class ProcessingLogWriter : IHostedService, IAsyncDisposable
{
    private const int MaxBatch = 256;
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
    /// <summary>Released once per wake-up of the writer thread; <see cref="_awake"/> says whether one is due.</summary>
    private readonly SemaphoreSlim _wake = new(0);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _startLock = new();
    private Thread? _thread;
    /// <summary>1 while the writer thread is awake or a wake-up is on its way: appenders then need not release it.</summary>
    private int _awake;
    private AsyncServiceScope? _scope;
    private Statements? _statements;
    private volatile bool _stopping;

    public ProcessingLogWriter(IServiceScopeFactory scopes, LogChain chain, ILogger<ProcessingLogWriter> logger)
    {
        _scopes = scopes;
        _chain = chain;
        _logger = logger;
    }

    /// <summary>Completes when the records are committed; throws when they could not be (no log, no access).</summary>
    public Task AppendAsync(IReadOnlyList<ProcessingLogRecord> processing, IReadOnlyList<AccessLogRecord> access)
    {
        if (_stopping)
        {
            return Task.FromException(new ProcessingLogUnavailableException("The application is stopping."));
        }
        EnsureThread();
        var pending = new PendingBatch(processing, access);
        _queue.Enqueue(pending);
        // After the enqueue: the thread clears _awake before it looks at the queue, so either it sees this record or
        // this caller sees _awake cleared and wakes it.
        if (Interlocked.CompareExchange(ref _awake, 1, 0) == 0)
        {
            _wake.Release();
        }
        // Stopped between the check above and the enqueue: no thread will commit this record any more.
        if (_stopping && (_stopped.Task.IsCompleted || Volatile.Read(ref _thread) is null))
        {
            FailQueued();
        }
        return pending.Done.Task;
    }

    /// <summary>The thread starts with the first append, so commands that never log start none.</summary>
    private void EnsureThread()
    {
        if (Volatile.Read(ref _thread) is not null)
        {
            return;
        }
        lock (_startLock)
        {
            // Once stopping, no thread starts any more; StopAsync fails what is still queued then.
            if (_thread is null && !_stopping)
            {
                var thread = new Thread(Run) { IsBackground = true, Name = "Casus processing log writer" };
                thread.Start();
                Volatile.Write(ref _thread, thread);
            }
        }
    }

    /// <summary>The writer thread: sleeps until records are queued, then commits them in batches until none are left.</summary>
    private void Run()
    {
        var batch = new List<PendingBatch>(MaxBatch);
        try
        {
            while (true)
            {
                _wake.Wait();
                while (true)
                {
                    DrainQueue(batch);
                    // Going to sleep: clear the flag first, then look once more, so a record queued in between is not
                    // left waiting for the next wake-up.
                    Volatile.Write(ref _awake, 0);
                    if (_queue.IsEmpty || Interlocked.CompareExchange(ref _awake, 1, 0) != 0)
                    {
                        break;
                    }
                }
                if (_stopping)
                {
                    DrainQueue(batch);
                    return;
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void DrainQueue(List<PendingBatch> batch)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var item))
            {
                batch.Add(item);
            }
            if (batch.Count == 0)
            {
                return;
            }
            try
            {
                // On SQLite every call completes synchronously; on PostgreSQL this thread waits for the I/O, which is its job.
                WriteAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                // WriteAsync fails its batch itself; this is for what escapes even that (closing a broken connection): an
                // exception must not end the thread, which would take the process with it, nor leave a caller waiting.
                _logger.LogError(ex, "The processing log's writer failed outside a commit.");
                foreach (var item in batch)
                {
                    item.Done.TrySetException(new ProcessingLogUnavailableException("The processing log could not be written.", ex));
                }
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Records already queued are committed; nothing may be left waiting forever when the host stops.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        Thread? thread;
        lock (_startLock)
        {
            thread = _thread;
        }
        if (thread is not null)
        {
            _wake.Release();
            await _stopped.Task.WaitAsync(cancellationToken);
        }
        // An append that passed the _stopping check just before it was set may still have queued a record.
        FailQueued();
        await ResetConnectionAsync();
    }

    private void FailQueued()
    {
        while (_queue.TryDequeue(out var item))
        {
            item.Done.TrySetException(new ProcessingLogUnavailableException("The application is stopping."));
        }
    }

    private async Task WriteAsync(List<PendingBatch> batch, CancellationToken cancellationToken)
    {
        try
        {
            var statements = await StatementsAsync(cancellationToken);
            // SQLite: BEGIN IMMEDIATE takes the log file's write lock now, so reading the chain heads below is
            // race-free even with a second process on the same file. PostgreSQL: the advisory lock serialises the nodes.
            await using var dbTransaction = await statements.Connection.BeginTransactionAsync(cancellationToken);
            var processing = new List<ProcessingLogRecord>();
            var access = new List<AccessLogRecord>();
            var ((processingSequence, processingHash), (accessSequence, accessHash)) = await statements.ReadHeadsAsync(dbTransaction, cancellationToken);
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
            await statements.InsertAsync(dbTransaction, processing, access, cancellationToken);
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
    private async Task<Statements> StatementsAsync(CancellationToken cancellationToken)
    {
        if (_statements is null)
        {
            _scope = _scopes.CreateAsyncScope();
            var db = _scope.Value.ServiceProvider.GetRequiredService<CasusDbContext>();
            var processingTable = new LogTableInserter<ProcessingLogRecord>(db);
            var accessTable = new LogTableInserter<AccessLogRecord>(db);
            if (db.Database.IsSqlite())
            {
                var logFile = await SqliteLogFile.OpenAloneAsync(db.Database.GetConnectionString()!, cancellationToken);
                try
                {
                    _statements = new SqliteStatements(processingTable, accessTable, logFile);
                }
                catch
                {
                    await logFile.DisposeAsync();
                    throw;
                }
            }
            else
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
                _statements = new PostgresStatements(processingTable, accessTable, db.Database.GetDbConnection());
            }
        }
        return _statements;
    }

    /// <summary>The container disposes the writer after the host stopped it; stopping again finds nothing left to do.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task ResetConnectionAsync()
    {
        if (_scope is { } scope)
        {
            var statements = _statements;
            _scope = null;
            _statements = null;
            try
            {
                if (statements is not null)
                {
                    await statements.DisposeAsync();
                }
                await scope.DisposeAsync();
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException)
            {
                _logger.LogWarning(ex, "Closing the processing log's connection failed.");
            }
        }
    }

    /// <summary>Where a chain goes on: its newest record's sequence and hash.</summary>
    private readonly record struct ChainHead(long Sequence, string Hash)
    {
        public static async Task<ChainHead> ReadAsync(DbDataReader reader, CancellationToken cancellationToken) =>
            await reader.ReadAsync(cancellationToken) ? new(reader.GetInt64(0), reader.GetString(1)) : new(0, LogChain.Genesis);
    }

    /// <summary>
    /// The writer's open connection and its statements, made once and reused for every commit: how this database reads
    /// both chain heads inside the commit's transaction and inserts the batch's rows.
    /// </summary>
    private abstract class Statements(DbConnection connection) : IAsyncDisposable
    {
        public DbConnection Connection { get; } = connection;

        public abstract Task<(ChainHead Processing, ChainHead Access)> ReadHeadsAsync(DbTransaction transaction, CancellationToken cancellationToken);

        public abstract Task InsertAsync(DbTransaction transaction, List<ProcessingLogRecord> processing, List<AccessLogRecord> access, CancellationToken cancellationToken);

        public abstract ValueTask DisposeAsync();
    }

    /// <summary>
    /// SQLite: BEGIN IMMEDIATE has taken the log file's write lock, so the heads are read race-free; prepared head
    /// queries and single-row inserts, since every call completes in-process. The connection to the log file is the
    /// writer's own and is closed with the statements.
    /// </summary>
    private sealed class SqliteStatements(LogTableInserter<ProcessingLogRecord> processingTable, LogTableInserter<AccessLogRecord> accessTable, DbConnection connection) : Statements(connection)
    {
        private readonly DbCommand _processingHead = processingTable.PrepareHead(connection);
        private readonly DbCommand _accessHead = accessTable.PrepareHead(connection);
        private readonly LogTableInserter<ProcessingLogRecord>.RowInserter _processingInsert = processingTable.PrepareRowInsert(connection);
        private readonly LogTableInserter<AccessLogRecord>.RowInserter _accessInsert = accessTable.PrepareRowInsert(connection);

        public override async Task<(ChainHead Processing, ChainHead Access)> ReadHeadsAsync(DbTransaction transaction, CancellationToken cancellationToken) =>
            (await ReadAsync(_processingHead, transaction, cancellationToken), await ReadAsync(_accessHead, transaction, cancellationToken));

        public override async Task InsertAsync(DbTransaction transaction, List<ProcessingLogRecord> processing, List<AccessLogRecord> access, CancellationToken cancellationToken)
        {
            await _accessInsert.InsertAsync(transaction, access, cancellationToken);
            await _processingInsert.InsertAsync(transaction, processing, cancellationToken);
        }

        public override async ValueTask DisposeAsync()
        {
            await _processingHead.DisposeAsync();
            await _accessHead.DisposeAsync();
            await _processingInsert.DisposeAsync();
            await _accessInsert.DisposeAsync();
            await Connection.DisposeAsync();
        }

        private static async Task<ChainHead> ReadAsync(DbCommand head, DbTransaction transaction, CancellationToken cancellationToken)
        {
            head.Transaction = transaction;
            await using var reader = await head.ExecuteReaderAsync(cancellationToken);
            return await ChainHead.ReadAsync(reader, cancellationToken);
        }
    }

    /// <summary>
    /// PostgreSQL: every statement is a round trip to the server, so a commit takes three: the advisory lock that
    /// serialises the chain across nodes together with both heads under it, both tables' multi-row INSERTs in one
    /// command, then COMMIT. The connection is the DbContext's, closed with the writer's scope.
    /// </summary>
    private sealed class PostgresStatements(LogTableInserter<ProcessingLogRecord> processingTable, LogTableInserter<AccessLogRecord> accessTable, DbConnection connection) : Statements(connection)
    {
        private readonly DbCommand _lockAndHeads = CreateLockAndHeads(processingTable, accessTable, connection);

        public override async Task<(ChainHead Processing, ChainHead Access)> ReadHeadsAsync(DbTransaction transaction, CancellationToken cancellationToken)
        {
            _lockAndHeads.Transaction = transaction;
            await using var reader = await _lockAndHeads.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            var processing = await ChainHead.ReadAsync(reader, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            return (processing, await ChainHead.ReadAsync(reader, cancellationToken));
        }

        public override async Task InsertAsync(DbTransaction transaction, List<ProcessingLogRecord> processing, List<AccessLogRecord> access, CancellationToken cancellationToken)
        {
            await using var insert = Connection.CreateCommand();
            insert.Transaction = transaction;
            accessTable.AppendInserts(insert, "a", access);
            processingTable.AppendInserts(insert, "p", processing);
            if (insert.CommandText.Length > 0)
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        public override ValueTask DisposeAsync() => _lockAndHeads.DisposeAsync();

        private static DbCommand CreateLockAndHeads(LogTableInserter<ProcessingLogRecord> processingTable, LogTableInserter<AccessLogRecord> accessTable, DbConnection connection)
        {
            var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_advisory_xact_lock({PostgresChainLock}); {processingTable.HeadQuery}; {accessTable.HeadQuery}";
            return command;
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
