using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace InviteService.Infrastructure.Database;

/// <summary>
/// Applies the numbered embedded migrations (<c>Migrations/NNN_name.sql</c>) that the database has not seen.
/// The schema version is SQLite's <c>PRAGMA user_version</c>; a database newer than this build is refused.
/// </summary>
public sealed class Migrator(Db db, ILogger<Migrator> logger)
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = Load();

    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Opens the database and turns on WAL, or says which path cannot be written and what to do.</summary>
    private SqliteConnection OpenForMigration(string directory)
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

    public void Migrate()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(db.DataSource))!;
        if (!Directory.Exists(directory))
        {
            throw new Hosting.StartupException(
                $"the database directory {directory} does not exist. Create it, or point ConnectionStrings:Invites " +
                "(Data Source=…) or Database:DataDirectory at one that does.");
        }

        using var connection = OpenForMigration(directory);
        var current = connection.ExecuteScalar<int>("PRAGMA user_version;");
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The database '{db.DataSource}' has schema version {current}, newer than this build supports ({LatestVersion}). " +
                "Run a newer InviteService, or restore a backup made by this version.");
        }

        foreach (var (version, name, sql) in Migrations.Where(m => m.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(sql, transaction: transaction);
            connection.Execute($"PRAGMA user_version = {version};", transaction: transaction);
            transaction.Commit();
            logger.LogInformation("Applied migration {Version} {Name}", version, name);
        }
    }

    private static List<(int, string, string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string marker = ".Migrations.";
        var list = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(marker) && n.EndsWith(".sql")))
        {
            var file = resource[(resource.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
            var version = int.Parse(file[..file.IndexOf('_')].TrimStart('_'));
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            list.Add((version, file, reader.ReadToEnd()));
        }

        list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        if (list.Count == 0 || list.Select(m => m.Item1).Distinct().Count() != list.Count)
        {
            throw new InvalidOperationException("Embedded migrations are missing or numbered twice.");
        }

        return list;
    }
}
