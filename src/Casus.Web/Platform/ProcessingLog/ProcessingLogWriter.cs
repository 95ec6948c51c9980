using System.Data.Common;
using System.Threading.Channels;
using Casus.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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
    private AsyncServiceScope? _scope;
    private CasusDbContext? _db;
    private LogTableInserter<ProcessingLogRecord>? _processingTable;
    private LogTableInserter<AccessLogRecord>? _accessTable;

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

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await ResetConnectionAsync();
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
