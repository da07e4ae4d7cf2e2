using System.Data.Common;
using InviteService.Infrastructure.Errors;

namespace InviteService.Infrastructure.Database;

/// <summary>
/// The database, whichever store holds it (<see cref="DatabaseOptions.Provider"/>): reads on connections of their own, and
/// one writer per process that commits queued writes together. Slices see only <see cref="DbConnection"/> and
/// <see cref="DbTransaction"/> and write one SQL text that both stores accept. What differs between the stores is stated
/// by each store's class (<see cref="Sqlite.SqliteDb"/>, <see cref="Postgres.PostgresDb"/>) through the members here, the
/// migrator's bookkeeping included, and by each store's own migration files; <see cref="Store"/> picks one. The tools that
/// exist for one store only (copying a SQLite file, importing it into PostgreSQL) sit in that store's folder.
/// </summary>
public abstract class Db : IDisposable
{
    static Db() => Flags.Register();

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public abstract string Provider { get; }

    /// <summary>Where the data lives, for messages: a file path, or host, port and database (never a password).</summary>
    public abstract string DataSource { get; }

    /// <summary>A plain connection, opened, for one-off work (migrations, health, tools); dispose it.</summary>
    public abstract DbConnection Open();

    /// <summary>Runs <paramref name="read"/> on a connection of its own. A request cancelled before the read starts never takes one.</summary>
    public abstract Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken = default);

    /// <summary>The folder of this store's migrations: <c>Migrations/{MigrationFolder}/NNN_name.sql</c>.</summary>
    public abstract string MigrationFolder { get; }

    /// <summary>The schema version the database is at, as this store keeps it.</summary>
    public abstract string SchemaVersionSql { get; }

    /// <summary>Records that the database is at <paramref name="version"/>; may bind <c>@Version</c> and <c>@Name</c>.</summary>
    public abstract string RecordSchemaVersionSql(int version);

    /// <summary>
    /// A connection to migrate on, opened and ready, held by this process alone among those sharing the database until
    /// <see cref="EndMigration"/>; or a <see cref="Hosting.StartupException"/> that says what to fix.
    /// </summary>
    public abstract DbConnection BeginMigration();

    public virtual void EndMigration(DbConnection connection) => connection.Dispose();

    /// <summary>The connection the writer keeps between batches.</summary>
    protected abstract DbConnection OpenWriter();

    /// <summary>Starts a batch's transaction: one that sees every committed write and keeps out every concurrent one.</summary>
    protected abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>
    /// Whether a batch that failed with <paramref name="exception"/> on attempt <paramref name="attempt"/> runs again from the
    /// start. A store shared by several processes answers a conflict with another process's commit this way (see
    /// <see cref="Postgres.PostgresDb"/>); a store only this process writes never needs to.
    /// </summary>
    protected virtual bool ShouldRetry(Exception exception, int attempt) => false;

    /// <summary>The exception a write is answered with when its batch fails for good.</summary>
    protected virtual Exception Failure(Exception exception) => exception;

    private readonly SemaphoreSlim _writer = new(1, 1);
    private DbConnection? _writerConnection;
    protected bool Disposed { get; private set; }

    /// <summary>Where each committed batch is counted (its size and its COMMIT's duration); none for a tool's own store.</summary>
    public DbMetrics? Metrics { get; init; }

    /// <summary>Logs slow writes; set by the store from its logger.</summary>
    protected abstract ILogger Logger { get; }

    /// <summary>
    /// Runs <paramref name="write"/> in the writer's transaction and answers after it commits.
    /// <para>The contract, for every caller:</para>
    /// <list type="bullet">
    /// <item>All or nothing: a write that returns an <see cref="Error"/> (a refusal) or throws is rolled back whole, so a
    /// handler may write first and refuse later; only a success is kept.</item>
    /// <item>Group commit: writes that queue up while another commits are committed together, each in its own savepoint,
    /// in arrival order, so each sees the ones before it exactly as if it ran alone, and none is answered before the
    /// shared COMMIT. On SQLite a commit costs more than the statements of a join (measured: ~58 µs against ~20 µs),
    /// so this is what lets one writer keep up.</item>
    /// <item>Serial: every write behaves as if no other write ran at the same time, in this process or (on a shared store)
    /// in any other. Where the store detects a conflict with another process, the batch runs again, each write in a
    /// transaction of its own (so only the write that collided keeps retrying, and the others commit): a write may run
    /// more than once before it commits once, so keep it a function of what it reads.</item>
    /// <item>Only database work inside: every write of the batch waits while one runs, so no network calls, no sleeps, no
    /// waiting on other requests. A write that holds the writer longer than <see cref="SlowWrite"/> is logged as a
    /// warning.</item>
    /// <item>Cancellation: a request cancelled before its write starts is answered with an
    /// <see cref="OperationCanceledException"/> and writes nothing; a write that has started commits or rolls back whole.</item>
    /// <item>One connection, one writer: the connection and transaction are valid only inside the call.</item>
    /// </list>
    /// </summary>
    public async Task<Result<T>> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<Result<T>>> write, CancellationToken cancellationToken = default)
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

    /// <summary>
    /// Runs <paramref name="upkeep"/> while no write runs in this process: store upkeep that must not interleave with a
    /// batch (see <see cref="Sqlite.WalCheckpoints"/>). Every write waits meanwhile, so keep it short.
    /// </summary>
    protected T WhileNoWrite<T>(Func<T> upkeep, CancellationToken cancellationToken)
    {
        _writer.Wait(cancellationToken);
        try
        {
            return upkeep();
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Most writes committed together; large enough to amortise a commit, small enough to keep latency low.</summary>
    private const int MaxBatch = 64;

    private readonly System.Collections.Concurrent.ConcurrentQueue<WriteItem> _pending = new();

    private async Task CommitBatchAsync()
    {
        var batch = new List<WriteItem>(MaxBatch);
        while (batch.Count < MaxBatch && _pending.TryDequeue(out var next)) batch.Add(next);
        if (batch.Count == 0) return;
        await CommitAsync(batch, firstAttempt: 1);
    }

    /// <summary>
    /// Commits <paramref name="batch"/> in one transaction, running it again where the store refuses it. A batch of several
    /// writes that collides is split: each write runs again in a transaction of its own, so the one that collided retries
    /// alone and the others commit, instead of all of them waiting on it and failing with it.
    /// </summary>
    private async Task CommitAsync(List<WriteItem> batch, int firstAttempt)
    {
        for (var attempt = firstAttempt; ; attempt++)
        {
            if (Disposed)
            {
                foreach (var item in batch) item.Fail(new ObjectDisposedException(nameof(Db)));
                return;
            }

            DbConnection? connection = null;
            TimeSpan commit;
            try
            {
                connection = _writerConnection ??= OpenWriter();
                await using var transaction = BeginWrite(connection);
                await RunBatchAsync(batch, connection, transaction, attempt);
                var committing = System.Diagnostics.Stopwatch.GetTimestamp();
                await transaction.CommitAsync();
                commit = System.Diagnostics.Stopwatch.GetElapsedTime(committing);
            }
            catch (Exception ex) when (ShouldRetry(ex, attempt))
            {
                // Nothing of this batch was committed; it runs again on a fresh connection, after a short random pause so
                // that two processes that collided do not collide again in step.
                DropWriter(connection);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 4 * attempt + 2)));
                if (batch.Count == 1) continue;
                foreach (var item in batch) await CommitAsync([item], attempt + 1);
                return;
            }
            catch (Exception ex)
            {
                // Nothing of this batch was committed: every write in it fails, and the next batch starts on a fresh connection.
                DropWriter(connection);
                var failure = Failure(ex);
                foreach (var item in batch) item.Fail(failure);
                return;
            }

            Metrics?.Committed(batch.Count, commit);
            foreach (var item in batch) item.Complete();
            return;
        }
    }

    private async Task RunBatchAsync(List<WriteItem> batch, DbConnection connection, DbTransaction transaction, int attempt)
    {
        var saved = false; // a savepoint is taken and not yet released
        foreach (var item in batch)
        {
            item.Reset();
            if (item.Cancelled)
            {
                item.Fail(new OperationCanceledException(), later: true); // not started: nothing to undo
                continue;
            }

            // The previous write's savepoint is released and this one's taken in one round trip where the store allows.
            if (saved) await ReleaseAndSaveAsync(connection, transaction, Savepoint);
            else await transaction.SaveAsync(Savepoint);
            saved = true;
            var kept = false;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                kept = await item.RunAsync(connection, transaction);
            }
            catch (Exception ex) when (!ShouldRetry(ex, attempt)) // one the store refused runs the whole batch again
            {
                item.Fail(Failure(ex), later: true);
            }

            if (!kept) await transaction.RollbackAsync(Savepoint);
            var held = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (held > SlowWrite) Logger.LogWarning("A write held the writer for {Milliseconds:0} ms; every queued write waited for it", held.TotalMilliseconds);
        }

        if (saved) await transaction.ReleaseAsync(Savepoint);
    }

    /// <summary>
    /// Releases the savepoint <paramref name="name"/> and takes it again, for the next write of a batch: two statements,
    /// which a store whose every statement is a round trip sends together.
    /// </summary>
    protected virtual async Task ReleaseAndSaveAsync(DbConnection connection, DbTransaction transaction, string name)
    {
        await transaction.ReleaseAsync(name);
        await transaction.SaveAsync(name);
    }

    /// <summary>Each write's savepoint; released before the next write takes it, so one name (and one prepared statement) serves all.</summary>
    private const string Savepoint = "w";

    private void DropWriter(DbConnection? connection)
    {
        _writerConnection = null;
        connection?.Dispose();
    }

    /// <summary>How long one write may hold the writer before it is logged: the writes queued behind it waited as long.</summary>
    public static readonly TimeSpan SlowWrite = TimeSpan.FromMilliseconds(200);

    private abstract class WriteItem
    {
        public abstract bool IsDone { get; }

        public abstract bool Cancelled { get; }

        /// <summary>Forgets the outcome of an attempt that was rolled back.</summary>
        public abstract void Reset();

        /// <summary>Runs the write; true when its changes are to be kept.</summary>
        public abstract Task<bool> RunAsync(DbConnection connection, DbTransaction transaction);

        /// <summary>Fails the write; <paramref name="later"/> defers it until the batch ends, like every other answer.</summary>
        public abstract void Fail(Exception exception, bool later = false);

        /// <summary>Answers after the commit.</summary>
        public abstract void Complete();
    }

    private sealed class WriteItem<T>(Func<DbConnection, DbTransaction, Task<Result<T>>> write, CancellationToken cancellationToken) : WriteItem
    {
        public override bool Cancelled => cancellationToken.IsCancellationRequested;

        private readonly TaskCompletionSource<Result<T>> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Result<T> _result;
        private Exception? _exception;

        public Task<Result<T>> Task => _answer.Task;

        public override bool IsDone => _answer.Task.IsCompleted;

        public override void Reset()
        {
            _result = default;
            _exception = null;
        }

        public override async Task<bool> RunAsync(DbConnection connection, DbTransaction transaction)
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
        Disposed = true;
        _writer.Wait();
        try
        {
            _writerConnection?.Dispose();
            _writerConnection = null;
            DisposeStore();
        }
        finally
        {
            _writer.Release();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Closes what the store keeps open besides the writer.</summary>
    protected abstract void DisposeStore();
}
