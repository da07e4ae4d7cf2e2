using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Invites;

/// <summary><c>invite.created</c>: a new invite, on either face.</summary>
public sealed record InviteCreated(
    string Code, string ServerId, string ChannelId, string InviterId, long MaxUses, string? ExpiresAt, bool Temporary) : IWebhookEvent
{
    public static string Type => "invite.created";
}
