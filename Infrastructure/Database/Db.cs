using System.Data;
using InviteService.Infrastructure.Errors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Database;

/// <summary>
/// The database: long-lived connections with the pragmas applied once and their prepared statements kept
/// (<see cref="CachingSqliteConnection"/>), readers from a small pool, and a single writer connection.
/// Microsoft.Data.Sqlite retries a busy database by sleeping 150 ms, so writers inside the process never contend:
/// they queue, and whoever holds the writer commits everything queued in one <c>BEGIN IMMEDIATE</c> transaction
/// (see <see cref="WriteAsync{T}"/>).
/// </summary>
public sealed class Db : IDisposable
{
    /// <summary>Idle readers kept open; more are opened under load and closed when returned past this many.</summary>
    private const int MaxIdleReaders = 8;

    private readonly string _connectionString;
    private readonly string _ownedConnectionString;
    private readonly string _pragmas;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentBag<CachingSqliteConnection> _readers = [];
    private CachingSqliteConnection? _writerConnection;
    private bool _disposed;

    private readonly ILogger<Db> _logger;

    public Db(IConfiguration configuration, IOptions<DatabaseOptions> options, IHostEnvironment environment, ILogger<Db> logger)
    {
        _logger = logger;
        var raw = configuration.GetConnectionString("Invites");
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw new Hosting.StartupException("ConnectionStrings:Invites is not set (e.g. \"Data Source=invites.db\").");
        }

        raw = DatabaseOptions.Resolve(raw, options.Value.DataDirectory, environment.ContentRootPath);
        var builder = new SqliteConnectionStringBuilder(raw) { Pooling = true, ForeignKeys = true };
        _connectionString = builder.ToString();
        _ownedConnectionString = new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString();
        DataSource = builder.DataSource;
        var o = options.Value;
        _pragmas = $"PRAGMA busy_timeout = {o.BusyTimeoutMs}; PRAGMA synchronous = {o.Synchronous.ToUpperInvariant()};";
    }

    public string DataSource { get; }

    /// <summary>A plain connection with the pragmas applied, for one-off work (migrations, health, tools); dispose it.</summary>
    public SqliteConnection Open() => Prepare(new SqliteConnection(_connectionString));

    private T Prepare<T>(T connection) where T : SqliteConnection
    {
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="read"/> on a reader connection of its own. A request cancelled before the read starts never
    /// takes a connection. (Microsoft.Data.Sqlite runs its async methods synchronously, so once a statement runs there is
    /// nothing left to cancel; a token per statement would add nothing on this store.)
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _readers.TryTake(out var idle) ? idle : Prepare(new CachingSqliteConnection(_ownedConnectionString));
        var healthy = false;
        try
        {
            var result = await read(connection);
            healthy = true;
            return result;
        }
        finally
        {
            // A connection that saw an exception is not trusted again.
            if (healthy && !_disposed && _readers.Count < MaxIdleReaders) _readers.Add(connection);
            else connection.Dispose();
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> in an immediate transaction and answers after it commits.
    /// <para>The contract, for every caller:</para>
    /// <list type="bullet">
    /// <item>All or nothing: a write that returns an <see cref="Error"/> (a refusal) or throws is rolled back whole, so a
    /// handler may write first and refuse later; only a success is kept.</item>
    /// <item>Group commit: writes that queue up while another commits are committed together, each in its own savepoint,
    /// in arrival order, so each sees the ones before it exactly as if it ran alone, and none is answered before the
    /// shared COMMIT. On SQLite a commit costs more than the statements of a join (measured: ~58 µs against ~20 µs),
    /// so this is what lets one writer keep up.</item>
    /// <item>Only database work inside: every write of the batch waits while one runs, so no network calls, no sleeps, no
    /// waiting on other requests. A write that holds the writer longer than <see cref="SlowWrite"/> is logged as a
    /// warning.</item>
    /// <item>Cancellation: a request cancelled before its write starts is answered with an
    /// <see cref="OperationCanceledException"/> and writes nothing; a write that has started commits or rolls back whole.</item>
    /// <item>One connection, one writer: the connection and transaction are valid only inside the call.</item>
    /// </list>
    /// </summary>
    public async Task<Result<T>> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<Result<T>>> write, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var item = new WriteItem<T>(write, cancellationToken);
        _pending.Enqueue(item);
        await _writer.WaitAsync();
        try
        {
            while (!item.IsDone)
            {
                await CommitBatchAsync();
            }
        }
        finally
        {
            _writer.Release();
        }

        return await item.Task;
    }

    /// <summary>Most writes committed together; large enough to amortise a commit, small enough to keep latency low.</summary>
    private const int MaxBatch = 64;

    private readonly System.Collections.Concurrent.ConcurrentQueue<WriteItem> _pending = new();

    private async Task CommitBatchAsync()
    {
        var batch = new List<WriteItem>(MaxBatch);
        while (batch.Count < MaxBatch && _pending.TryDequeue(out var next)) batch.Add(next);
        if (batch.Count == 0) return;

        if (_disposed)
        {
            foreach (var item in batch) item.Fail(new ObjectDisposedException(nameof(Db)));
            return;
        }

        var connection = _writerConnection ??= Prepare(new CachingSqliteConnection(_ownedConnectionString));
        try
        {
            await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].Cancelled)
                {
                    batch[i].Fail(new OperationCanceledException(), later: true); // not started: nothing to undo
                    continue;
                }

                var savepoint = "w" + i;
                transaction.Save(savepoint);
                var kept = false;
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    kept = await batch[i].RunAsync(connection, transaction);
                }
                catch (Exception ex)
                {
                    batch[i].Fail(ex, later: true);
                }

                if (!kept) transaction.Rollback(savepoint);
                transaction.Release(savepoint);
                var held = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (held > SlowWrite) _logger.LogWarning("A write held the writer for {Milliseconds:0} ms; every queued write waited for it", held.TotalMilliseconds);
            }

            await transaction.CommitAsync();
        }
        catch (Exception ex)
        {
            // Nothing of this batch was committed: every write in it fails, and the next batch starts on a fresh connection.
            _writerConnection = null;
            connection.Dispose();
            foreach (var item in batch) item.Fail(ex);
            return;
        }

        foreach (var item in batch) item.Complete();
    }

    /// <summary>How long one write may hold the writer before it is logged: the writes queued behind it waited as long.</summary>
    public static readonly TimeSpan SlowWrite = TimeSpan.FromMilliseconds(200);

    private abstract class WriteItem
    {
        public abstract bool IsDone { get; }

        public abstract bool Cancelled { get; }

        /// <summary>Runs the write; true when its changes are to be kept.</summary>
        public abstract Task<bool> RunAsync(SqliteConnection connection, SqliteTransaction transaction);

        /// <summary>Fails the write; <paramref name="later"/> defers it until the batch ends, like every other answer.</summary>
        public abstract void Fail(Exception exception, bool later = false);

        /// <summary>Answers after the commit.</summary>
        public abstract void Complete();
    }

    private sealed class WriteItem<T>(Func<SqliteConnection, SqliteTransaction, Task<Result<T>>> write, CancellationToken cancellationToken) : WriteItem
    {
        public override bool Cancelled => cancellationToken.IsCancellationRequested;

        private readonly TaskCompletionSource<Result<T>> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Result<T> _result;
        private Exception? _exception;

        public Task<Result<T>> Task => _answer.Task;

        public override bool IsDone => _answer.Task.IsCompleted;

        public override async Task<bool> RunAsync(SqliteConnection connection, SqliteTransaction transaction)
        {
            _result = await write(connection, transaction);
            return _result.IsSuccess;
        }

        public override void Fail(Exception exception, bool later = false)
        {
            if (later) _exception = exception;
            else _answer.TrySetException(exception);
        }

        public override void Complete()
        {
            if (_exception is not null) _answer.TrySetException(_exception);
            else _answer.TrySetResult(_result);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _writer.Wait();
        try
        {
            _writerConnection?.Dispose();
            _writerConnection = null;
            while (_readers.TryTake(out var reader)) reader.Dispose();
        }
        finally
        {
            _writer.Release();
        }
    }
}
