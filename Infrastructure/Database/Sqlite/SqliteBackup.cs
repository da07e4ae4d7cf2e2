using Microsoft.Data.Sqlite;

namespace InviteService.Infrastructure.Database.Sqlite;

/// <summary>
/// A consistent copy of the live database through SQLite's online backup API, safe while the service runs (readers and
/// writers carry on; the copy is one point in time). It never overwrites: the copy is written beside the target and
/// moved into place when complete.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Why a backup was not taken; <see cref="WrongTarget"/> when the target is what to change.</summary>
    public sealed class RefusedException(string message, bool wrongTarget) : Exception(message)
    {
        public bool WrongTarget { get; } = wrongTarget;
    }

    /// <summary>Copies the database at <paramref name="database"/> to <paramref name="target"/>; answers the copy's full path.</summary>
    public static string Copy(string database, string target)
    {
        if (!File.Exists(database)) throw new RefusedException($"there is no database at {Path.GetFullPath(database)}.", wrongTarget: false);
        var full = Path.GetFullPath(target);
        if (File.Exists(full)) throw new RefusedException($"{full} exists; choose a new path (a backup never overwrites).", wrongTarget: true);

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = full + ".partial";
        File.Delete(partial);
        var source = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        using (var from = new SqliteConnection(source.ToString()))
        using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
        {
            from.Open();
            using (var timeout = from.CreateCommand())
            {
                timeout.CommandText = "PRAGMA busy_timeout = 5000;";
                timeout.ExecuteNonQuery();
            }

            to.Open();
            from.BackupDatabase(to);
            using var journal = to.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode = DELETE;"; // a single self-contained file
            journal.ExecuteScalar();
        }

        File.Move(partial, full);
        return full;
    }
}
