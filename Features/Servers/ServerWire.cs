using InviteService.Infrastructure;

namespace InviteService.Features.Servers;

/// <summary>The server object of the Hearth seed (the answer to a join).</summary>
public sealed record HearthServer(string Id, string Name, string? IconUrl, string OwnerId, string[] Features, string CreatedAt)
{
    public static HearthServer From(ServerRow s) => new(s.Id, s.Name, s.IconUrl, s.OwnerId, s.FeatureList, Time.Rfc3339(s.CreatedAt));
}

public sealed record CreateServerRequest(string? Name, string? IconUrl);

/// <summary>
/// Absent fields stay as they are; <c>max_invites: 0</c> means unlimited; <c>icon_url: ""</c> and <c>vanity_code: ""</c> clear;
/// <c>invites_paused_until</c> pauses invites until that time; <c>features</c> is the platform admin's.
/// </summary>
public sealed record UpdateServerRequest(
    string? Name, string? IconUrl, int? MaxInvites, bool? InvitesEnabled, string[]? DefaultPermissions,
    DateTimeOffset? InvitesPausedUntil, string[]? Features, string? VanityCode);

public sealed record CreateChannelRequest(string? Name, string? Type);

public sealed record HearthVanityUrl(string? Code, long Uses)
{
    public static HearthVanityUrl From(ServerRow s) => new(s.VanityCode, s.VanityCode is null ? 0 : s.VanityUses);
}
