using InviteService.Features.Invites;
using InviteService.Features.Members;
using InviteService.Features.Servers;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Webhooks;

/// <summary>Every event a host app can subscribe to, by name and by the record its <c>data</c> is.</summary>
public static class EventCatalogue
{
    public sealed record Entry(string Name, Type Data);

    public static readonly IReadOnlyList<Entry> Subscribable =
        [Of<InviteCreated>(), Of<InviteDeleted>(), Of<MemberJoined>(), Of<MemberRemoved>(), Of<MemberUpdated>(), Of<ServerUpdated>()];

    public static readonly string[] Names = Subscribable.Select(e => e.Name).ToArray();

    private static Entry Of<TEvent>() where TEvent : IWebhookEvent => new(TEvent.Type, typeof(TEvent));
}
