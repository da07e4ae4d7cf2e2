using System.ComponentModel.DataAnnotations;

namespace InviteService.Infrastructure.Housekeeping;

public sealed class HousekeepingOptions
{
    public const string Section = "Housekeeping";

    public bool Enabled { get; set; } = true;

    /// <summary>How often a round of housekeeping runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);
}
