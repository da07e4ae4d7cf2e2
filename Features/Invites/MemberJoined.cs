using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Invites;

/// <summary>
/// <c>member.joined</c>: someone joined through an invite or a vanity code (which has no inviter), on either face.
/// </summary>
public sealed record MemberJoined(string ServerId, string UserId, string InviteCode, string? InviterId, bool Temporary) : IWebhookEvent
{
    public static string Type => "member.joined";

    /// <summary>The roles the invite granted; present only when it granted any.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Roles { get; init; }
}
