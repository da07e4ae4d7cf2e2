using InviteService.Infrastructure;

namespace InviteService.Features.JoinRequests;

/// <summary>An element of GET /servers/{id}/join-requests: who asked (their display name), through which code, when.</summary>
public sealed record JoinRequestResponse(string UserId, string Name, string InviteCode, string CreatedAt)
{
    public static JoinRequestResponse From(JoinRequestRow r) => new(r.UserId, r.UserName, r.InviteCode, Time.Rfc3339(r.CreatedAt));
}
