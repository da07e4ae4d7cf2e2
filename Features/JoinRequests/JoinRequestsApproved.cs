namespace InviteService.Features.JoinRequests;

/// <summary>The answer of POST /servers/{id}/join-requests/approve: how many were approved, and how many of those selected still wait.</summary>
public sealed record JoinRequestsApproved(long Approved, long LeftPending);
