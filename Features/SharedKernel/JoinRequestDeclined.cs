using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.SharedKernel;

/// <summary>
/// <c>join_request.declined</c>: a pending join request ended without a member, for <see cref="Reason"/>; one of
/// <see cref="PendingRequests"/>' reasons.
/// </summary>
public sealed record JoinRequestDeclined(string ServerId, string UserId, string InviteCode, string Reason) : IWebhookEvent
{
    public static string Type => "join_request.declined";
}
