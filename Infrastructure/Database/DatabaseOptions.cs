using System.ComponentModel.DataAnnotations;

namespace InviteService.Infrastructure.Database;

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>
    /// <c>sqlite</c> (default: one file, one process) or <c>postgres</c> (a shared PostgreSQL database, for several
    /// processes); <c>ConnectionStrings:Invites</c> is that store's connection string.
    /// </summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Database:Provider must be sqlite or postgres.")]
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// PostgreSQL: how many times a batch of writes runs when it collides with another process's commit (a serialization
    /// failure, a deadlock, a dropped connection) before its writes are answered 503 with Retry-After.
    /// </summary>
    [Range(1, 100)]
    public int MaxWriteAttempts { get; set; } = 12;

    /// <summary>PRAGMA synchronous: NORMAL (default; WAL stays consistent, the last commits may be lost on power loss) or FULL.</summary>
    [RegularExpression("^(?i)(OFF|NORMAL|FULL|EXTRA)$", ErrorMessage = "Database:Synchronous must be OFF, NORMAL, FULL or EXTRA.")]
    public string Synchronous { get; set; } = "NORMAL";

    /// <summary>PRAGMA busy_timeout in milliseconds.</summary>
    [Range(0, 60_000)]
    public int BusyTimeoutMs { get; set; } = 5_000;

    /// <summary>Where a relative <c>Data Source</c> lives; default: the content root (the program's own directory).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// The connection string with its <c>Data Source</c> made absolute: a relative path is taken inside the data directory
    /// (<see cref="DataDirectory"/>, itself relative to the content root, or the content root), never the working directory.
    /// </summary>
    public static string Resolve(string connectionString, string? dataDirectory, string contentRoot)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (source.Length > 0 && source != ":memory:" && !source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(source))
        {
            var directory = string.IsNullOrEmpty(dataDirectory) ? contentRoot : Path.Combine(contentRoot, dataDirectory);
            builder.DataSource = Path.GetFullPath(Path.Combine(directory, source));
        }

        return builder.ToString();
    }
}
