using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.JoinRequests;

/// <summary>
/// <c>join_request.approved</c>: an admin (<see cref="ApprovedBy"/>) let the applicant in; the membership's own
/// <c>member.joined</c> follows in the same commit.
/// </summary>
public sealed record JoinRequestApproved(string ServerId, string UserId, string InviteCode, string ApprovedBy) : IWebhookEvent
{
    public static string Type => "join_request.approved";
}
