using InviteService.Features.Invites;
using InviteService.Infrastructure;

namespace InviteService.Features.Hearth;

/// <summary>An element of GET /invites/{code}/joins.</summary>
public sealed record HearthInviteJoin(string UserId, string Name, string JoinedAt, bool StillMember)
{
    public static HearthInviteJoin From(ListInviteJoins.JoinRow j) => new(j.UserId, j.Name, Time.Rfc3339(j.JoinedAt), j.StillMember);
}
