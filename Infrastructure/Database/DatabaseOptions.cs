using System.ComponentModel.DataAnnotations;

namespace InviteService.Infrastructure.Database;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>PRAGMA synchronous: NORMAL (default; WAL stays consistent, the last commits may be lost on power loss) or FULL.</summary>
    [RegularExpression("^(?i)(OFF|NORMAL|FULL|EXTRA)$", ErrorMessage = "Database:Synchronous must be OFF, NORMAL, FULL or EXTRA.")]
    public string Synchronous { get; set; } = "NORMAL";

    /// <summary>PRAGMA busy_timeout in milliseconds.</summary>
    [Range(0, 60_000)]
    public int BusyTimeoutMs { get; set; } = 5_000;
}
