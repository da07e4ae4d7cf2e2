using System.Text.Json.Serialization;
using InviteService.Features.Invites;
using InviteService.Infrastructure;

namespace InviteService.Features.Hearth;

/// <summary>The seed's invite object, as create answers it; <c>requires_approval</c> only on an approval link.</summary>
public sealed record HearthInvite(
    string Code, string GuildId, string ChannelId, string InviterId, long MaxUses, long Uses, string? ExpiresAt, bool Temporary, string CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? RequiresApproval = null)
{
    public static HearthInvite From(InviteRow i) =>
        new(i.Code, i.ServerId, i.ChannelId, i.InviterId, i.MaxUses, i.Uses, Time.Rfc3339(i.ExpiresAt), i.Temporary, Time.Rfc3339(i.CreatedAt),
            RequiresApproval: i.RequiresApproval ? true : null);
}
