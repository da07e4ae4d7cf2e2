using InviteService.Features.Invites;

namespace InviteService.Features.Messenger;

/// <summary>GET /api/messenger/join/{code}: an expired or used-up invite still answers, with <c>is_valid: false</c>.</summary>
public sealed record MessengerJoinPreview(
    MessengerJoinOptions Options, string Route, string Id, string ThreadId, string OwnerType, string OwnerId, string Code,
    long MaxUse, long Uses, string? ExpiresAt, string CreatedAt, string UpdatedAt, string? DeletedAt)
{
    public static MessengerJoinPreview From(ResolvedCode found, bool signedIn, MessengerOptions o)
    {
        var i = found.Invite;
        return new(
            new MessengerJoinOptions(signedIn, found.Server.ViewerIsMember, found.Admits ? found.Server.Name : null, found.Admits),
            o.JoinRoute(i.Code), i.Id, i.ServerId, o.OwnerType, i.InviterId, i.Code, i.MaxUses, i.Uses,
            MessengerTime.Micro(i.ExpiresAt), MessengerTime.Micro(i.CreatedAt), MessengerTime.Micro(i.UpdatedAt), MessengerTime.Micro(i.DeletedAt));
    }
}

public sealed record MessengerJoinOptions(bool MessengerAuth, bool InThread, string? ThreadName, bool IsValid);
