using System.Text.Json.Serialization;
using InviteService.Features.Invites;
using InviteService.Infrastructure;

namespace InviteService.Features.Hearth;

/// <summary>An element of GET /servers/{id}/invites; <c>requires_approval</c> only on an approval link.</summary>
public sealed record HearthListedInvite(
    string Code, string ChannelId, string InviterId, long MaxUses, long Uses, string? ExpiresAt, bool Temporary, string CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? RequiresApproval = null)
{
    public static HearthListedInvite From(InviteRow i) =>
        new(i.Code, i.ChannelId, i.InviterId, i.MaxUses, i.Uses, Time.Rfc3339(i.ExpiresAt), i.Temporary, Time.Rfc3339(i.CreatedAt),
            RequiresApproval: i.RequiresApproval ? true : null);
}
