using InviteService.Features.Invites;

namespace InviteService.Features.Messenger;

/// <summary>GET …/invites: <c>{data, meta: {total, max_allowed}}</c>, a page of the thread's invites in <c>data</c>.</summary>
public sealed record MessengerInviteList(MessengerInvite[] Data, MessengerInviteListMeta Meta)
{
    public static MessengerInviteList From(ListInvites.Listing l, MessengerOptions o) =>
        new(l.Invites.Items.Select(i => MessengerInvite.From(i, o)).ToArray(), new MessengerInviteListMeta(l.Total, l.MaxAllowed));
}

/// <param name="Total">The thread's active invites on all pages together, not the ones in this page's <c>data</c>.</param>
/// <param name="MaxAllowed">The thread's cap on active invites; null when unlimited.</param>
public sealed record MessengerInviteListMeta(long Total, long? MaxAllowed);
