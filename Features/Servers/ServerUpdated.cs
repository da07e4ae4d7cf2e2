using System.Text.Json.Serialization;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Servers;

/// <summary>
/// <c>server.updated</c>: a server's settings changed; its settings as they now are, the invite policy and the raid brake
/// included. <see cref="Reason"/> says when it was not an admin's change: <c>raid_protection</c> when the raid brake paused invites.
/// </summary>
public sealed record ServerUpdated(
    string ServerId, string Name, string? IconUrl, bool InvitesEnabled, string? InvitesPausedUntil, string? VanityCode, string[] Features,
    InvitePolicyResponse InvitePolicy, RaidProtectionResponse? RaidProtection, string? RaidDetectedAt) : IWebhookEvent
{
    public static string Type => "server.updated";

    /// <summary>The raid brake paused the server's invites.</summary>
    public const string RaidProtectionReason = "raid_protection";

    /// <summary>Why the settings changed, when no admin changed them: <c>raid_protection</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    public static ServerUpdated From(ServerDetails details, string? reason = null)
    {
        var s = details.Server;
        return new(s.Id, s.Name, s.IconUrl, s.InvitesEnabled, Time.Rfc3339(s.InvitesPausedUntil), s.VanityCode, s.FeatureList,
            InvitePolicyResponse.From(details.InvitePolicy), RaidProtectionResponse.From(s), Time.Rfc3339(s.RaidDetectedAt))
        {
            Reason = reason,
        };
    }
}
