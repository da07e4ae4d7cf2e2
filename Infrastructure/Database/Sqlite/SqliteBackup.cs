using Microsoft.Data.Sqlite;

namespace InviteService.Infrastructure.Database.Sqlite;

/// <summary>
/// A consistent copy of the live database through SQLite's online backup API, safe while the service runs (readers and
/// writers carry on; the copy is one point in time). It never overwrites, and never touches a file it did not make: the
/// copy is written to a file of its own beside the target, created exclusively under a unique name and readable by its
/// owner alone (0600, like the database: it holds the same secrets), and moved into place when complete, never over a
/// file. Every failure is a <see cref="RefusedException"/> with a one-line message.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Why a backup was not taken, in one line; <see cref="WrongTarget"/> when the target is what to change.</summary>
    public sealed class RefusedException(string message, bool wrongTarget) : Exception(message)
    {
        public bool WrongTarget { get; } = wrongTarget;
    }

    /// <summary>Copies the database at <paramref name="database"/> to <paramref name="target"/>; answers the copy's full path.</summary>
    public static string Copy(string database, string target)
    {
        if (!File.Exists(database)) throw new RefusedException($"there is no database at {Path.GetFullPath(database)}.", wrongTarget: false);
        var full = FullPath(target);
        if (Directory.Exists(full)) throw new RefusedException($"{full} is a directory; name a new file, such as {Path.Combine(full, "invites-backup.db")}.", wrongTarget: true);
        if (File.Exists(full)) throw Exists(full);

        string? partial = null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            partial = CreateExclusively(full);
            Back(database, partial);
            File.Move(partial, full, overwrite: false);
            partial = null;
            return full;
        }
        catch (IOException) when (partial is not null && File.Exists(full))
        {
            throw Exists(full); // it appeared while the copy was being made
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new RefusedException($"cannot copy {Path.GetFullPath(database)} to {full}: {OneLine(ex.Message)}", wrongTarget: false);
        }
        finally
        {
            if (partial is not null) Remove(partial);
        }
    }

    private static RefusedException Exists(string full) => new($"{full} exists; choose a new path (a backup never overwrites).", wrongTarget: true);

    private static string FullPath(string target)
    {
        try
        {
            return target.Length > 0 && !target.Contains('\0') ? Path.GetFullPath(target) : throw new ArgumentException("empty, or has a NUL in it");
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new RefusedException($"'{OneLine(target)}' is not a file path ({OneLine(ex.Message)}).", wrongTarget: true);
        }
    }

    /// <summary>
    /// A new, empty file beside <paramref name="full"/>, under a name nobody else has (<c>O_CREAT | O_EXCL</c>: an existing
    /// file or link of that name is an error, never opened), read and write for its owner alone. SQLite then writes into
    /// it, and gives its journal the same mode.
    /// </summary>
    private static string CreateExclusively(string full)
    {
        var partial = $"{full}.{Guid.NewGuid():N}.partial";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = SqliteDb.OwnerOnly;
        new FileStream(partial, options).Dispose();
        return partial;
    }

    private static void Back(string database, string partial)
    {
        var source = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        using var from = new SqliteConnection(source.ToString());
        using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
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

    /// <summary>The unfinished copy and its journal, which this backup made, and nothing else.</summary>
    private static void Remove(string partial)
    {
        foreach (var file in new[] { partial, partial + "-journal" })
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left behind under its unique name; the error already reported says why the backup failed.
            }
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
}
