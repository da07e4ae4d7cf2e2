using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Members;

/// <summary><c>member.updated</c>: a member's permissions or roles changed; the member as they now are.</summary>
public sealed record MemberUpdated(string ServerId, string UserId, string[] Permissions, string[] Roles, bool Temporary) : IWebhookEvent
{
    public static string Type => "member.updated";
}
