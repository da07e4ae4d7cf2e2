using System.Data.Common;
using System.Reflection;
using Dapper;

namespace InviteService.Infrastructure.Database;

/// <summary>
/// Applies the numbered embedded migrations (<c>Migrations/{Store}/NNN_name.sql</c>) that the database has not seen, each in
/// its own transaction with its version. Each store has its own files with the same version numbers, and keeps the
/// version its own way (<see cref="Db.SchemaVersionSql"/>); a store shared by several processes lets exactly one migrate
/// (<see cref="Db.BeginMigration"/>). A database newer than this build is refused.
/// </summary>
public sealed class Migrator(Db db, ILogger<Migrator> logger)
{
    private static readonly Dictionary<string, IReadOnlyList<Migration>> ByFolder = new();

    public sealed record Migration(int Version, string Name, string Sql);

    /// <summary>The migrations in <c>Migrations/{folder}</c>, oldest first.</summary>
    public static IReadOnlyList<Migration> For(string folder)
    {
        lock (ByFolder)
        {
            if (!ByFolder.TryGetValue(folder, out var migrations)) ByFolder[folder] = migrations = Load(folder);
            return migrations;
        }
    }

    /// <summary>The schema version this build brings; every store's migrations reach it.</summary>
    public static int LatestVersion => For(Sqlite.SqliteDb.MigrationFolderName)[^1].Version;

    /// <summary>The schema version the database is at.</summary>
    public static Task<int> VersionAsync(Db db) => db.ReadAsync(c => c.ExecuteScalarAsync<int>(db.SchemaVersionSql));

    public void Migrate()
    {
        var connection = db.BeginMigration();
        try
        {
            var current = connection.ExecuteScalar<int>(db.SchemaVersionSql);
            if (current > LatestVersion)
            {
                throw new InvalidOperationException(
                    $"The database '{db.DataSource}' has schema version {current}, newer than this build supports ({LatestVersion}). " +
                    "Run a newer InviteService, or restore a backup made by this version.");
            }

            foreach (var (version, name, sql) in For(db.MigrationFolder).Where(m => m.Version > current))
            {
                using var transaction = connection.BeginTransaction();
                connection.Execute(sql, transaction: transaction);
                connection.Execute(db.RecordSchemaVersionSql(version), new { Version = version, Name = name }, transaction);
                transaction.Commit();
                logger.LogInformation("Applied migration {Version} {Name}", version, name);
            }
        }
        finally
        {
            db.EndMigration(connection);
        }
    }

    private static List<Migration> Load(string folder)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var marker = $".Migrations.{folder}.";
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
            throw new InvalidOperationException($"Embedded {folder} migrations are missing or numbered twice.");
        }

        return list;
    }
}
