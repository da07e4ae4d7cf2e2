using System.Data;
using InviteService.Infrastructure.Errors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Database;

/// <summary>
/// The database: long-lived connections with the pragmas applied once and their prepared statements kept
/// (<see cref="CachingSqliteConnection"/>), readers from a small pool, and one writer used one request at a time.
/// Microsoft.Data.Sqlite retries a busy database by sleeping 150 ms, so concurrent writers inside the process queue on a
/// semaphore instead, and every write is a short <c>BEGIN IMMEDIATE</c> transaction.
/// </summary>
public sealed class Db : IDisposable
{
    /// <summary>Idle readers kept open; more are opened under load and closed when returned past this many.</summary>
    private const int MaxIdleReaders = 16;

    private readonly string _connectionString;
    private readonly string _ownedConnectionString;
    private readonly string _pragmas;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentBag<CachingSqliteConnection> _readers = [];
    private CachingSqliteConnection? _writerConnection;
    private bool _disposed;

    public Db(IConfiguration configuration, IOptions<DatabaseOptions> options)
    {
        var raw = configuration.GetConnectionString("Invites");
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw new InvalidOperationException("ConnectionStrings:Invites is not set (e.g. \"Data Source=invites.db\").");
        }

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

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
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

    /// <summary>Runs <paramref name="write"/> in one immediate transaction; commits only a success.</summary>
    public async Task<Result<T>> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<Result<T>>> write)
    {
        await _writer.WaitAsync();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var connection = _writerConnection ??= Prepare(new CachingSqliteConnection(_ownedConnectionString));
            try
            {
                await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
                var result = await write(connection, transaction);
                if (result.IsSuccess)
                {
                    await transaction.CommitAsync();
                }
                else
                {
                    await transaction.RollbackAsync();
                }

                return result;
            }
            catch
            {
                // Start the next write on a fresh connection.
                _writerConnection = null;
                connection.Dispose();
                throw;
            }
        }
        finally
        {
            _writer.Release();
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
