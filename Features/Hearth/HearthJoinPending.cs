using InviteService.Features.JoinRequests;
using InviteService.Infrastructure;

namespace InviteService.Features.Hearth;

/// <summary>202 to POST /invites/{code} on an approval link: the join request waiting for an admin (the same one when asked again).</summary>
public sealed record HearthJoinPending(string Status, string ServerId, string UserId, string InviteCode, string CreatedAt)
{
    public const string Pending = "pending";

    public static HearthJoinPending From(JoinRequestRow r) => new(Pending, r.ServerId, r.UserId, r.InviteCode, Time.Rfc3339(r.CreatedAt));
}
