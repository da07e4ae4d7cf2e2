using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Database.Sqlite;

/// <summary>
/// The embedded store: one SQLite file, long-lived connections with the pragmas applied once and their prepared statements
/// kept (<see cref="CachingSqliteConnection"/>), readers from a small pool, and the single writer. Microsoft.Data.Sqlite
/// retries a busy database by sleeping 150 ms, so writers inside the process never contend: they queue, and whoever holds
/// the writer commits everything queued in one <c>BEGIN IMMEDIATE</c> transaction.
/// </summary>
public sealed class SqliteDb : Db
{
    /// <summary>Idle readers kept open; more are opened under load and closed when returned past this many.</summary>
    private const int MaxIdleReaders = 8;

    private readonly string _connectionString;
    private readonly string _ownedConnectionString;
    private readonly string _pragmas;
    private readonly System.Collections.Concurrent.ConcurrentBag<CachingSqliteConnection> _readers = [];
    private readonly ILogger<SqliteDb> _logger;

    public SqliteDb(string connectionString, DatabaseOptions options, string contentRoot, ILogger<SqliteDb> logger)
    {
        _logger = logger;
        var raw = DatabaseOptions.Resolve(connectionString, options.DataDirectory, contentRoot);
        var builder = new SqliteConnectionStringBuilder(raw) { Pooling = true, ForeignKeys = true };
        _connectionString = builder.ToString();
        _ownedConnectionString = new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString();
        DataSource = builder.DataSource;
        _isFile = builder.Mode == SqliteOpenMode.ReadWriteCreate && DataSource.Length > 0 && DataSource != ":memory:" &&
                  !DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        _pragmas = $"PRAGMA busy_timeout = {options.BusyTimeoutMs}; PRAGMA synchronous = {options.Synchronous.ToUpperInvariant()};";
    }

    public override string Provider => DatabaseOptions.Sqlite;

    public const string MigrationFolderName = "Sqlite";

    public override string MigrationFolder => MigrationFolderName;

    /// <summary>SQLite keeps the schema version in the file's header.</summary>
    public const string VersionSql = "PRAGMA user_version;";

    public override string SchemaVersionSql => VersionSql;

    /// <summary>A counter row, moved on inside the write: SQLite's one writer at a time orders every commit.</summary>
    public static readonly EventNumbering EventNumbering = new(
        "'msg_1' || printf('%015x', (SELECT value + 1 FROM webhook_event_counter WHERE id = 1))",
        "UPDATE webhook_event_counter SET value = value + 1 WHERE id = 1");

    public static string RecordVersionSql(int version) => $"PRAGMA user_version = {version};";

    public override string RecordSchemaVersionSql(int version) => RecordVersionSql(version);

    /// <summary>Opens the file in WAL mode and proves it can be written, or says which path cannot be and what to do.</summary>
    public override DbConnection BeginMigration()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(DataSource))!;
        if (!Directory.Exists(directory))
        {
            throw new Hosting.StartupException(
                $"the database directory {directory} does not exist. Create it, or point ConnectionStrings:Invites " +
                "(Data Source=…) or Database:DataDirectory at one that does.");
        }

        try
        {
            if (_isFile) CreateForOwnerAlone();
            var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL; BEGIN IMMEDIATE; CREATE TABLE _write_probe (x); ROLLBACK;"; // fails now, not on the first write
            command.ExecuteNonQuery();
            return connection;
        }
        catch (Exception ex) when (ex is SqliteException { SqliteErrorCode: 8 or 14 or 10 or 23 } // READONLY, CANTOPEN, IOERR, AUTH
                                       or UnauthorizedAccessException or IOException)
        {
            throw new Hosting.StartupException(
                $"cannot write the database {Path.GetFullPath(DataSource)} ({ex.Message.TrimEnd('.')}). " +
                $"The service needs to write that file and its directory {directory} (for the -wal and -shm files): " +
                "fix their owner or permissions, or point ConnectionStrings:Invites elsewhere.");
        }
    }

    public override string DataSource { get; }

    /// <summary>Whether <see cref="DataSource"/> is a file this store may create (not in memory, not a URI).</summary>
    private readonly bool _isFile;

    /// <summary>Read and write for the file's owner alone (0600).</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// The database holds secrets and people's data, so a file this store creates is the owner's alone: created empty
    /// with mode 0600 before SQLite opens it (SQLite would make it 0644 less the umask), and SQLite gives the -wal and -shm
    /// files the database file's mode. A file that exists keeps the mode its admin gave it; if others may read it, a
    /// warning says so once, at start-up.
    /// </summary>
    private void CreateForOwnerAlone()
    {
        if (OperatingSystem.IsWindows()) return; // ACLs there: the file inherits its directory's
        try
        {
            new FileStream(DataSource, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }).Dispose();
        }
        catch (IOException) when (File.Exists(DataSource))
        {
            var others = File.GetUnixFileMode(DataSource) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            if (others != 0)
            {
                _logger.LogWarning(
                    "The database {Path} can be read by other users of this machine ({Mode}); it holds signing secrets and " +
                    "members' data. Unless that is meant, chmod 600 it and its -wal and -shm files.",
                    Path.GetFullPath(DataSource), others);
            }
        }
    }

    protected override ILogger Logger => _logger;

    public override DbConnection Open() => Prepare(new SqliteConnection(_connectionString));

    /// <summary>Opens <paramref name="connection"/> and applies the pragmas every connection has, then <paramref name="more"/>.</summary>
    private T Prepare<T>(T connection, string more = "") where T : SqliteConnection
    {
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas + more;
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Microsoft.Data.Sqlite runs its async methods synchronously, so once a statement runs there is nothing left to cancel;
    /// a token per statement would add nothing on this store.
    /// </summary>
    public override async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
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
            if (healthy && !Disposed && _readers.Count < MaxIdleReaders) _readers.Add(connection);
            else connection.Dispose();
        }
    }

    /// <summary>
    /// The writer never checkpoints (<see cref="WalCheckpoints"/> does, beside it), and a WAL that a burst made larger than
    /// 64 MB is cut back to that when it starts over.
    /// </summary>
    protected override DbConnection OpenWriter()
    {
        var writer = Prepare(new CachingSqliteConnection(_ownedConnectionString), " PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 67108864;");
        // The writer opens under its lock, so one thread is started, once.
        _checkpoints ??= new WalCheckpoints(() => Prepare(new SqliteConnection(_ownedConnectionString)), WhileNoWrite, _logger, DataSource);
        return writer;
    }

    private WalCheckpoints? _checkpoints;

    protected override DbTransaction BeginWrite(DbConnection connection) => new SqliteWriteTransaction((CachingSqliteConnection)connection);

    protected override void DisposeStore()
    {
        _checkpoints?.Dispose();
        while (_readers.TryTake(out var reader)) reader.Dispose();
    }
}
