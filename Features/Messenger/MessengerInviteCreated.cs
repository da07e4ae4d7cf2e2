using InviteService.Features.Invites;

namespace InviteService.Features.Messenger;

/// <summary>The answer to POST …/invites.</summary>
public sealed record MessengerInviteCreated(
    MessengerInviteOwner Owner, string Route, string OwnerId, string OwnerType, string Code, long MaxUse, long Uses, string? ExpiresAt,
    string ThreadId, string Id, string UpdatedAt, string CreatedAt)
{
    public static MessengerInviteCreated From(InviteRow i, MessengerOptions o) => new(
        MessengerInviteOwner.From(i), o.JoinRoute(i.Code), i.InviterId, o.OwnerType, i.Code, i.MaxUses, i.Uses, MessengerTime.Micro(i.ExpiresAt),
        i.ServerId, i.Id, MessengerTime.Micro(i.UpdatedAt), MessengerTime.Micro(i.CreatedAt));
}
