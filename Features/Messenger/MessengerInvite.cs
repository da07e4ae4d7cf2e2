using InviteService.Features.Invites;

namespace InviteService.Features.Messenger;

/// <summary>An element of the invite list.</summary>
public sealed record MessengerInvite(
    MessengerInviteOwner Owner, string Route, string Id, string ThreadId, string OwnerType, string OwnerId, string Code,
    long MaxUse, long Uses, string? ExpiresAt, string CreatedAt, string UpdatedAt, string? DeletedAt)
{
    public static MessengerInvite From(InviteRow i, MessengerOptions o) => new(
        MessengerInviteOwner.From(i), o.JoinRoute(i.Code), i.Id, i.ServerId, o.OwnerType, i.InviterId, i.Code,
        i.MaxUses, i.Uses, MessengerTime.Micro(i.ExpiresAt), MessengerTime.Micro(i.CreatedAt), MessengerTime.Micro(i.UpdatedAt), MessengerTime.Micro(i.DeletedAt));
}
