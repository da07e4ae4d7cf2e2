using System.Text.Json.Serialization;
using InviteService.Features.Invites;
using InviteService.Infrastructure;

namespace InviteService.Features.Hearth;

/// <summary>
/// GET /invites/{code}: the invite with its guild and channel; no inviter, since anyone may look. Of the fields that invite
/// options add, only <c>requires_approval</c> shows here, and only when true: whoever follows the link learns that joining
/// means asking.
/// </summary>
public sealed record HearthInvitePreview(
    string Code, string GuildId, string ChannelId, long MaxUses, long Uses, string? ExpiresAt, bool Temporary, string CreatedAt,
    HearthInviteGuild Guild, HearthInviteChannel Channel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? RequiresApproval = null)
{
    public static HearthInvitePreview From(ResolvedCode found)
    {
        var i = found.Invite;
        return new(i.Code, i.ServerId, i.ChannelId, i.MaxUses, i.Uses, Time.Rfc3339(i.ExpiresAt), i.Temporary, Time.Rfc3339(i.CreatedAt),
            new HearthInviteGuild(found.Server.Id, found.Server.Name, found.Server.IconUrl, found.Server.MemberCount),
            new HearthInviteChannel(found.Channel.Id, found.Channel.Name, found.Channel.Type),
            RequiresApproval: i.RequiresApproval ? true : null);
    }
}

public sealed record HearthInviteGuild(string Id, string Name, string? IconUrl, long MemberCount);

public sealed record HearthInviteChannel(string Id, string Name, string Type);
