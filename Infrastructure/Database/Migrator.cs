using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace InviteService.Infrastructure.Database;

/// <summary>
/// Applies the numbered embedded migrations (<c>Migrations/{Store}/NNN_name.sql</c>) that the database has not seen. Each
/// store has its own files with the same version numbers. The version is SQLite's <c>PRAGMA user_version</c>, or the
/// <c>schema_version</c> table on PostgreSQL, where processes starting at once take an advisory lock so that exactly one
/// migrates. A database newer than this build is refused.
/// </summary>
public sealed class Migrator(Db db, ILogger<Migrator> logger)
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<Migration>> ByStore = new Dictionary<string, IReadOnlyList<Migration>>
    {
        [DatabaseOptions.Sqlite] = Load("Sqlite"),
        [DatabaseOptions.Postgres] = Load("Postgres"),
    };

    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> For(string provider) => ByStore[provider];

    public static int LatestVersion => ByStore[DatabaseOptions.Sqlite][^1].Version;

    /// <summary>Any number: every process of this service agrees on it, and nothing else on the database should use it.</summary>
    private const long MigrationLock = 0x1_7E1_7E5E;

    public void Migrate()
    {
        if (db.Provider == DatabaseOptions.Postgres) MigratePostgres();
        else MigrateSqlite();
    }

    /// <summary>PostgreSQL keeps the schema version in a table: one row per migration applied.</summary>
    internal const string PostgresVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
        """;

    /// <summary>The schema version, on each store.</summary>
    internal static string VersionSql(string provider) =>
        provider == DatabaseOptions.Postgres ? "SELECT COALESCE(MAX(version), 0) FROM schema_version" : "PRAGMA user_version;";

    /// <summary>Records that the database is at <paramref name="version"/>; on PostgreSQL it binds <c>@Version</c> and <c>@Name</c>.</summary>
    internal static string RecordVersionSql(string provider, int version) =>
        provider == DatabaseOptions.Postgres ? "INSERT INTO schema_version (version, name) VALUES (@Version, @Name)" : $"PRAGMA user_version = {version};";

    /// <summary>The schema version the database is at.</summary>
    public static Task<int> VersionAsync(Db db) => db.ReadAsync(c => c.ExecuteScalarAsync<int>(VersionSql(db.Provider)));

    private void MigratePostgres()
    {
        using var connection = OpenPostgres();
        connection.Execute("SELECT pg_advisory_lock(@Key)", new { Key = MigrationLock });
        try
        {
            connection.Execute(PostgresVersionTable);
            Apply(connection, DatabaseOptions.Postgres);
        }
        finally
        {
            connection.Execute("SELECT pg_advisory_unlock(@Key)", new { Key = MigrationLock });
        }
    }

    private System.Data.Common.DbConnection OpenPostgres()
    {
        try
        {
            return db.Open();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new Hosting.StartupException(
                $"cannot reach the PostgreSQL database {db.DataSource} ({(ex.InnerException ?? ex).Message.TrimEnd('.')}). " +
                "Check that the server runs and ConnectionStrings:Invites names the right host, database, user and password.");
        }
    }

    private void RefuseNewer(int current)
    {
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The database '{db.DataSource}' has schema version {current}, newer than this build supports ({LatestVersion}). " +
                "Run a newer InviteService, or restore a backup made by this version.");
        }
    }

    /// <summary>Opens the database and turns on WAL, or says which path cannot be written and what to do.</summary>
    private System.Data.Common.DbConnection OpenForMigration(string directory)
    {
        try
        {
            var connection = db.Open();
            connection.Execute("PRAGMA journal_mode = WAL;");
            connection.Execute("BEGIN IMMEDIATE; CREATE TABLE _write_probe (x); ROLLBACK;"); // fails now, not on the first write

            return connection;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 8 or 14 or 10 or 23) // READONLY, CANTOPEN, IOERR, AUTH
        {
            throw new Hosting.StartupException(
                $"cannot write the database {Path.GetFullPath(db.DataSource)} ({ex.Message.TrimEnd('.')}). " +
                $"The service needs to write that file and its directory {directory} (for the -wal and -shm files): " +
                "fix their owner or permissions, or point ConnectionStrings:Invites elsewhere.");
        }
    }

    private void MigrateSqlite()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(db.DataSource))!;
        if (!Directory.Exists(directory))
        {
            throw new Hosting.StartupException(
                $"the database directory {directory} does not exist. Create it, or point ConnectionStrings:Invites " +
                "(Data Source=…) or Database:DataDirectory at one that does.");
        }

        using var connection = OpenForMigration(directory);
        Apply(connection, DatabaseOptions.Sqlite);
    }

    /// <summary>Applies the store's migrations newer than the database's version, each in its own transaction with its record.</summary>
    private void Apply(System.Data.Common.DbConnection connection, string provider)
    {
        var current = connection.ExecuteScalar<int>(VersionSql(provider));
        RefuseNewer(current);
        foreach (var (version, name, sql) in For(provider).Where(m => m.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(sql, transaction: transaction);
            connection.Execute(RecordVersionSql(provider, version), new { Version = version, Name = name }, transaction);
            transaction.Commit();
            logger.LogInformation("Applied migration {Version} {Name}", version, name);
        }
    }

    private static List<Migration> Load(string store)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var marker = $".Migrations.{store}.";
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(marker) && n.EndsWith(".sql")))
        {
            var file = resource[(resource.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
            var version = int.Parse(file[..file.IndexOf('_')].TrimStart('_'));
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            list.Add(new Migration(version, file, reader.ReadToEnd()));
        }

        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        if (list.Count == 0 || list.Select(m => m.Version).Distinct().Count() != list.Count)
        {
            throw new InvalidOperationException($"Embedded {store} migrations are missing or numbered twice.");
        }

        return list;
    }
}
