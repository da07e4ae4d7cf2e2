using System.ComponentModel.DataAnnotations;

namespace InviteService.Features.JoinRequests;

public sealed class JoinRequestOptions
{
    public const string Section = "JoinRequests";

    /// <summary>How long a join request waits for an answer before housekeeping expires it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Ttl { get; set; } = TimeSpan.FromDays(7);
}
