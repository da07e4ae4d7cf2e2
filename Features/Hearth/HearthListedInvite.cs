using InviteService.Features.Invites;
using InviteService.Infrastructure;

namespace InviteService.Features.Hearth;

/// <summary>An element of GET /servers/{id}/invites.</summary>
public sealed record HearthListedInvite(
    string Code, string ChannelId, string InviterId, long MaxUses, long Uses, string? ExpiresAt, bool Temporary, string CreatedAt)
{
    public static HearthListedInvite From(InviteRow i) =>
        new(i.Code, i.ChannelId, i.InviterId, i.MaxUses, i.Uses, Time.Rfc3339(i.ExpiresAt), i.Temporary, Time.Rfc3339(i.CreatedAt));
}
