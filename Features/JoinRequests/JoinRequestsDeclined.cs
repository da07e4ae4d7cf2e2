namespace InviteService.Features.JoinRequests;

/// <summary>The answer of POST /servers/{id}/join-requests/decline.</summary>
public sealed record JoinRequestsDeclined(long Declined);
