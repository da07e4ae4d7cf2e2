using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.JoinRequests;

/// <summary><c>join_request.created</c>: someone asked to join through an approval link, on either face (once per request).</summary>
public sealed record JoinRequestCreated(string ServerId, string UserId, string InviteCode) : IWebhookEvent
{
    public static string Type => "join_request.created";
}
