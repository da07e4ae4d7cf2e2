using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.SharedKernel;

/// <summary><c>member.removed</c>: a membership ended; <see cref="Reason"/> is one of <see cref="Membership"/>'s reasons.</summary>
public sealed record MemberRemoved(string ServerId, string UserId, string Reason) : IWebhookEvent
{
    public static string Type => "member.removed";
}
