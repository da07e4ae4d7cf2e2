using System.Data;
using InviteService.Infrastructure.Errors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Database;

/// <summary>
/// Opens pooled SQLite connections with the pragmas applied, and runs writes one at a time.
/// Microsoft.Data.Sqlite retries a busy database by sleeping 150 ms, so concurrent writers inside the
/// process queue on a semaphore instead, and every write is a short <c>BEGIN IMMEDIATE</c> transaction.
/// </summary>
public sealed class Db
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly SemaphoreSlim _writer = new(1, 1);

    public Db(IConfiguration configuration, IOptions<DatabaseOptions> options)
    {
        var raw = configuration.GetConnectionString("Invites");
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw new InvalidOperationException("ConnectionStrings:Invites is not set (e.g. \"Data Source=invites.db\").");
        }

        var builder = new SqliteConnectionStringBuilder(raw) { Pooling = true, ForeignKeys = true };
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        var o = options.Value;
        _pragmas = $"PRAGMA busy_timeout = {o.BusyTimeoutMs}; PRAGMA synchronous = {o.Synchronous.ToUpperInvariant()};";
    }

    public string DataSource { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
        return connection;
    }

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read)
    {
        await using var connection = Open();
        return await read(connection);
    }

    /// <summary>Runs <paramref name="write"/> in one immediate transaction; commits only a success.</summary>
    public async Task<Result<T>> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<Result<T>>> write)
    {
        await _writer.WaitAsync();
        try
        {
            await using var connection = Open();
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
        finally
        {
            _writer.Release();
        }
    }
}
