using System.Data;
using System.Data.Common;
using Dapper;
using Npgsql;

namespace InviteService.Infrastructure.Database.Postgres;

/// <summary>
/// The shared store: a PostgreSQL database that several service processes use at once. Reads take pooled connections;
/// each process keeps its one writer and group commit, and every batch is a SERIALIZABLE transaction, so a write behaves as
/// if no other write ran at the same time in any process: every invariant the single SQLite writer keeps (use limits,
/// invite caps, one membership, bans against joins, unique vanity codes, one claim per webhook attempt) holds across
/// processes with the same SQL. When PostgreSQL refuses a batch because it collided with another process's commit (a
/// serialization failure, a deadlock, a unique key taken in between) or the connection dropped, the batch runs again from
/// the start, where each write's own checks now see the other commit and refuse with their usual 4xx. After
/// <see cref="DatabaseOptions.MaxWriteAttempts"/> the writes are answered 503 with Retry-After.
/// </summary>
public sealed class PostgresDb : Db
{
    private readonly NpgsqlDataSource _source;
    private readonly int _maxAttempts;
    private readonly ILogger<PostgresDb> _logger;

    public PostgresDb(string connectionString, DatabaseOptions options, ILogger<PostgresDb> logger)
    {
        _logger = logger;
        _maxAttempts = options.MaxWriteAttempts;
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new Hosting.StartupException(
                $"ConnectionStrings:Invites is not a PostgreSQL connection string ({ex.Message.TrimEnd('.')}); with Database:Provider " +
                "postgres it looks like \"Host=db.example;Port=5432;Database=invites;Username=invites;Password=…\".");
        }

        // Fewer connections than Npgsql's 100 unless the connection string says otherwise: every connection is a PostgreSQL
        // process, and more of them than a few per core only take turns at the cores (measured on 2 shared cores, 32
        // readers: a pool of 100 answered previews with p99 39 ms, 16 with 17 ms, 8 with 9.6 ms and 20% more of them).
        if (!new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>().Any(PoolSizeKeys.Contains))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        // Every statement is one of a fixed set of constants: prepared once per connection, they skip PostgreSQL's planner.
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 128;
        builder.AutoPrepareMinUsages = 2;
        // No session state is ever changed (the search path comes with the connection string), so a connection going
        // back to the pool needs no reset; the reset would cost the server a batch of statements on every read.
        builder.NoResetOnClose = true;
        DataSource = $"{builder.Host}:{builder.Port}/{builder.Database}";
        _source = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>The pool's size unless the connection string sets <c>Maximum Pool Size</c>: four connections a core, at least eight.</summary>
    public static int DefaultMaxPoolSize => Math.Max(8, 4 * Environment.ProcessorCount);

    private static readonly HashSet<string> PoolSizeKeys = new(["maximum pool size", "max pool size", "maxpoolsize"], StringComparer.OrdinalIgnoreCase);

    public override string Provider => DatabaseOptions.Postgres;

    public override string MigrationFolder => "Postgres";

    /// <summary>PostgreSQL keeps the schema version in a table: one row per migration applied.</summary>
    public const string VersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
        """;

    public const string VersionSql = "SELECT COALESCE(MAX(version), 0) FROM schema_version";

    public const string RecordVersionSql = "INSERT INTO schema_version (version, name) VALUES (@Version, @Name)";

    public override string SchemaVersionSql => VersionSql;

    /// <summary>
    /// A sequence, drawn inside the change's transaction: a change that collides with another process's commit runs again
    /// and draws after it, so events of changes to the same rows number in commit order, and no two writes contend for it.
    /// </summary>
    public static readonly EventNumbering EventNumbering = new("'msg_1' || lpad(to_hex(nextval('webhook_event_number')), 15, '0')", null);

    public override string RecordSchemaVersionSql(int version) => RecordVersionSql;

    /// <summary>Any number: every process of this service agrees on it, and nothing else on the database should use it.</summary>
    private const long MigrationLock = 0x1_7E1_7E5E;

    /// <summary>Processes starting at once migrate exactly once: the first takes an advisory lock, the others wait for it.</summary>
    public override DbConnection BeginMigration()
    {
        DbConnection connection;
        try
        {
            connection = Open();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new Hosting.StartupException(
                $"cannot reach the PostgreSQL database {DataSource} ({(ex.InnerException ?? ex).Message.TrimEnd('.')}). " +
                "Check that the server runs and ConnectionStrings:Invites names the right host, database, user and password.");
        }

        connection.Execute("SELECT pg_advisory_lock(@Key)", new { Key = MigrationLock });
        connection.Execute(VersionTable);
        return connection;
    }

    public override void EndMigration(DbConnection connection)
    {
        try
        {
            connection.Execute("SELECT pg_advisory_unlock(@Key)", new { Key = MigrationLock });
        }
        finally
        {
            connection.Dispose();
        }
    }

    public override string DataSource { get; }

    protected override ILogger Logger => _logger;

    public override DbConnection Open() => _source.OpenConnection();

    /// <summary>A read that loses its connection (a restart, a failover, a killed backend) runs again on a fresh one, a few times, then is answered 503.</summary>
    public override async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await using var connection = await _source.OpenConnectionAsync(cancellationToken);
                return await read(connection);
            }
            catch (Exception ex) when (IsLostConnection(ex) && attempt < ReadAttempts)
            {
                await Task.Delay(20 * attempt, cancellationToken);
            }
            catch (Exception ex) when (IsLostConnection(ex))
            {
                throw new StoreUnavailableException(ex);
            }
        }
    }

    private const int ReadAttempts = 3;

    protected override DbConnection OpenWriter() => _source.OpenConnection();

    protected override DbTransaction BeginWrite(DbConnection connection) => ((NpgsqlConnection)connection).BeginTransaction(IsolationLevel.Serializable);

    /// <summary>One round trip instead of two between the writes of a batch (both statements prepared once, like the others).</summary>
    protected override async Task ReleaseAndSaveAsync(DbConnection connection, DbTransaction transaction, string name)
    {
        await using var command = new NpgsqlCommand($"RELEASE SAVEPOINT {name}; SAVEPOINT {name}", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await command.ExecuteNonQueryAsync();
    }

    protected override bool ShouldRetry(Exception exception, int attempt) => attempt < _maxAttempts && IsConflict(exception);

    protected override Exception Failure(Exception exception) =>
        IsConflict(exception) && exception is not PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
            ? new StoreUnavailableException(exception)
            : exception;

    /// <summary>
    /// A collision with another process, or a lost connection: nothing of the batch was committed and running it again is
    /// safe. A unique violation counts, because on a second run the write's own check sees the row that was committed in
    /// between and refuses it with its rule's error (already_member, vanity_taken) instead.
    /// </summary>
    private static bool IsConflict(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation } => true,
        _ => IsLostConnection(exception),
    };

    /// <summary>The server went away under the connection (restart, failover, an administrator ended the backend), or could not be reached.</summary>
    private static bool IsLostConnection(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow } => true,
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal), // connection_exception
        NpgsqlException { IsTransient: true } => true,
        NpgsqlException { InnerException: IOException or System.Net.Sockets.SocketException or EndOfStreamException } => true,
        _ => false,
    };

    /// <summary>
    /// On PostgreSQL the database server owns consistency and backups: pg_dump takes a consistent snapshot while the service
    /// runs, and pg_restore brings it back. The commands for this database, to a file named <paramref name="target"/>
    /// (never with its password, which comes from PGPASSWORD or ~/.pgpass).
    /// </summary>
    public static string BackupAdvice(string? connectionString, string target)
    {
        var (host, port, database, user) = ("HOST", "5432", "DATABASE", "USER");
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            host = builder.Host ?? host;
            port = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            database = builder.Database ?? database;
            user = builder.Username ?? user;
        }
        catch (ArgumentException)
        {
            // not a PostgreSQL connection string: the placeholders stay
        }

        return $"""
            Database:Provider is postgres, and this command only copies SQLite files. Back up PostgreSQL with pg_dump,
            which takes a consistent snapshot while the service runs:
              pg_dump --format=custom --host={host} --port={port} --username={user} --dbname={database} --file={target}
            and restore it into an empty database with:
              pg_restore --host={host} --port={port} --username={user} --dbname=NEW_DATABASE {target}
            (the password comes from PGPASSWORD or ~/.pgpass, never from this command line).
            """;
    }

    protected override void DisposeStore() => _source.Dispose();
}
