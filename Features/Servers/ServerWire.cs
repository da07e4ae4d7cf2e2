using System.ComponentModel.DataAnnotations;
using InviteService.Infrastructure.OpenApi;
using InviteService.Infrastructure.Pipeline;
using InviteService.Infrastructure;

namespace InviteService.Features.Servers;

/// <summary>The server object of the Hearth seed (the answer to a join).</summary>
public sealed record HearthServer(string Id, string Name, string? IconUrl, string OwnerId, string[] Features, string CreatedAt)
{
    public static HearthServer From(ServerRow s) => new(s.Id, s.Name, s.IconUrl, s.OwnerId, s.FeatureList, Time.Rfc3339(s.CreatedAt));
}

public sealed record CreateServerRequest(
    [property: StringLength(ServerRules.MaxNameLength, MinimumLength = 1)] string? Name,
    [property: MaxLength(TextRules.MaxUrlLength), Url] string? IconUrl = null);

/// <summary>
/// Absent fields stay as they are; <c>max_invites: 0</c> means unlimited; <c>icon_url: ""</c> and <c>vanity_code: ""</c> clear;
/// <c>invites_paused_until</c> pauses invites until that time; <c>features</c> is the platform admin's.
/// </summary>
public sealed record UpdateServerRequest(
    [property: StringLength(ServerRules.MaxNameLength, MinimumLength = 1)] string? Name = null,
    [property: MaxLength(TextRules.MaxUrlLength)] string? IconUrl = null,
    [property: Range(0, ServerRules.MaxInvitesLimit)] int? MaxInvites = null,
    bool? InvitesEnabled = null,
    [property: SchemaValues(typeof(Permissions), nameof(Permissions.AllNames))] string[]? DefaultPermissions = null,
    DateTimeOffset? InvitesPausedUntil = null,
    [property: SchemaValues(typeof(Vanity), nameof(Vanity.KnownFeatures))] string[]? Features = null,
    [property: RegularExpression(Vanity.SchemaPattern)] string? VanityCode = null);

public sealed record CreateChannelRequest(
    [property: StringLength(ServerRules.MaxNameLength, MinimumLength = 1)] string? Name,
    [property: SchemaValues(typeof(ChannelRow), nameof(ChannelRow.Types))] string? Type = null);

public sealed record HearthVanityUrl(string? Code, long Uses)
{
    public static HearthVanityUrl From(ServerRow s) => new(s.VanityCode, s.VanityCode is null ? 0 : s.VanityUses);
}
