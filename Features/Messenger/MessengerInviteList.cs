using InviteService.Features.Invites;

namespace InviteService.Features.Messenger;

/// <summary>GET …/invites: <c>{data, meta: {total, max_allowed}}</c>.</summary>
public sealed record MessengerInviteList(MessengerInvite[] Data, MessengerInviteListMeta Meta)
{
    public static MessengerInviteList From(ListInvites.Listing l, MessengerOptions o) =>
        new(l.Invites.Select(i => MessengerInvite.From(i, o)).ToArray(), new MessengerInviteListMeta(l.Invites.Count, l.MaxAllowed));
}

public sealed record MessengerInviteListMeta(long Total, long? MaxAllowed);
