using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Invites;

/// <summary><c>invite.deleted</c>: an invite stopped admitting anyone, for <see cref="Reason"/>.</summary>
public sealed record InviteDeleted(string Code, string ServerId, string Reason) : IWebhookEvent
{
    public static string Type => "invite.deleted";

    /// <summary>Deleted by its creator or a manager.</summary>
    public const string Deleted = "deleted";

    /// <summary>Revoked with the others of its server (revoke-all), or because its creator was banned.</summary>
    public const string Revoked = "revoked";

    /// <summary>Archived by housekeeping after it expired.</summary>
    public const string Expired = "expired";

    /// <summary>Archived by housekeeping after its last use.</summary>
    public const string UsedUp = "used_up";
}
