using InviteService.Features.Invites;
using InviteService.Features.JoinRequests;
using InviteService.Features.Members;
using InviteService.Features.Servers;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.OpenApi;
using InviteService.Infrastructure.Webhooks;
using InviteService.Infrastructure.Validation;

namespace InviteService.Features.Webhooks;

/// <summary>Every event the service posts: by name, by the record its <c>data</c> is, and what it means.</summary>
public static class EventCatalogue
{
    /// <summary>What a host app can subscribe to (the <c>events</c> of a subscription).</summary>
    public static readonly IReadOnlyList<WebhookEventDescription> Subscribable =
    [
        Of<InviteCreated>("An invite was created, on either face."),
        Of<InviteDeleted>("An invite stopped admitting anyone: deleted, revoked (revoke-all, or its creator was banned), or archived by housekeeping once expired or used up."),
        Of<MemberJoined>("Someone joined through an invite or a vanity code (a vanity code's join has no inviter), on either face; roles when the invite granted any."),
        Of<MemberRemoved>("A membership ended: the member left, was kicked or banned, or was a temporary member who left voice."),
        Of<MemberUpdated>("A member's permissions or roles changed."),
        Of<ServerUpdated>("A server's settings changed: its name, icon, pause, vanity code, features, invite policy or raid brake; reason raid_protection when the raid brake paused its invites."),
        Of<JoinRequestCreated>("Someone asked to join through an approval link (an invite with requires_approval), on either face."),
        Of<JoinRequestApproved>("An admin approved a join request; the member's member.joined follows."),
        Of<JoinRequestDeclined>("A join request ended without a member: declined, cancelled (withdrawn, or the applicant joined another way), expired, banned, or invite_deleted."),
    ];

    public static readonly NamedValues Names = new("WebhookEventType", Subscribable.Select(e => e.Name).ToArray());

    /// <summary>Every event, the test event included: what the OpenAPI document's <c>webhooks</c> section describes.</summary>
    public static readonly IReadOnlyList<WebhookEventDescription> All =
        [.. Subscribable, Of<WebhookTest>("Sent on request (POST /webhooks/{id}/test) to one subscription, whatever it subscribes to.")];

    private static WebhookEventDescription Of<TEvent>(string summary) where TEvent : IWebhookEvent => new(TEvent.Type, typeof(TEvent), summary);
}
