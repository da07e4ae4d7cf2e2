using Dapper;
using Npgsql;

namespace InviteService.Tests.Support;

/// <summary>
/// The store the suite runs on. This project (<c>Tests/</c>) runs every test on SQLite; <c>Tests/Postgres/</c> compiles
/// the same tests with <c>POSTGRES_STORE</c> and runs them on the PostgreSQL server named by <c>INVITES_TEST_POSTGRES</c>
/// (a connection string; <c>.ci/run</c> starts a throwaway cluster and sets it). A database is a SQLite file, or a
/// PostgreSQL schema of its own in that server's database: named by <see cref="NewDatabase"/>, reused to restart on the
/// same data.
/// </summary>
public static class TestStore
{
#if POSTGRES_STORE
    public const string Provider = "postgres";
#else
    public const string Provider = "sqlite";
#endif

    public static bool IsPostgres => Provider == "postgres";

    public const string PostgresVariable = "INVITES_TEST_POSTGRES";

    /// <summary>The server the PostgreSQL half runs on; set under <c>CI=true</c> or the half fails.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set: the PostgreSQL half needs a server (see README, Tests). Under CI=true a missing server is a failure.");

    /// <summary>A new, empty database: a path in a new temp directory, or a new schema.</summary>
    public static string NewDatabase()
    {
        if (!IsPostgres)
        {
            var directory = Path.Combine(Path.GetTempPath(), "invite-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            return Path.Combine(directory, "invites.db");
        }

        var schema = "t_" + Guid.NewGuid().ToString("N");
        using var connection = new NpgsqlConnection(PostgresServer);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        command.ExecuteNonQuery();
        return schema;
    }

    /// <summary>The service's settings for <paramref name="database"/>.</summary>
    public static Dictionary<string, string> Settings(string database) => new()
    {
        ["Database:Provider"] = Provider,
        ["ConnectionStrings:Invites"] = ConnectionString(database),
    };

    public static string ConnectionString(string database) => IsPostgres
        ? new NpgsqlConnectionStringBuilder(PostgresServer) { SearchPath = database, ApplicationName = database, MaxPoolSize = 12 }.ConnectionString
        : $"Data Source={database}";

    /// <summary>A connection of the test's own to <paramref name="database"/>, opened (a SQLite file is created).</summary>
    public static System.Data.Common.DbConnection Open(string database)
    {
        System.Data.Common.DbConnection connection = IsPostgres
            ? new NpgsqlConnection(ConnectionString(database))
            : new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString(database) + ";Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>The schema version the service keeps: SQLite's user_version, or PostgreSQL's schema_version table.</summary>
    public static string SchemaVersionSql => IsPostgres
        ? InviteService.Infrastructure.Database.Postgres.PostgresDb.VersionSql
        : InviteService.Infrastructure.Database.Sqlite.SqliteDb.VersionSql;

    /// <summary>Marks the database as made by a build of schema <paramref name="version"/>, the way the service records versions.</summary>
    public static void SetSchemaVersion(System.Data.Common.DbConnection connection, int version)
    {
        if (IsPostgres) connection.Execute(InviteService.Infrastructure.Database.Postgres.PostgresDb.VersionTable);
        connection.Execute(
            IsPostgres ? InviteService.Infrastructure.Database.Postgres.PostgresDb.RecordVersionSql : InviteService.Infrastructure.Database.Sqlite.SqliteDb.RecordVersionSql(version),
            new { Version = version, Name = "from the future" });
    }

    /// <summary>How many tables named @Name there are.</summary>
    public static string TableCountSql => IsPostgres
        ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @Name"
        : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @Name";

    /// <summary>The service's command-line settings for <paramref name="database"/>.</summary>
    public static string[] CommandLine(string database) => Settings(database).Select(s => $"--{s.Key}={s.Value}").ToArray();

    /// <summary>Drops a PostgreSQL test schema (best effort; the CI cluster is thrown away anyway).</summary>
    public static async Task DropAsync(string database)
    {
        if (!IsPostgres) return;
        try
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresServer);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {database} CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // left for the cluster's end
        }
    }
}
