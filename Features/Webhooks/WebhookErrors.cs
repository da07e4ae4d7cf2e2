using InviteService.Infrastructure.Errors;

namespace InviteService.Features.Webhooks;

public static class WebhookErrors
{
    /// <summary>The refusal of everyone but the platform admin, on every webhook route (a policy on the module's group).</summary>
    public const string AdminOnly = "Only the platform admin manages webhooks";

    public static readonly Error UnknownWebhook = new("not_found", "Unknown webhook", ErrorKind.NotFound);
    public static readonly Error UnknownDelivery = new("not_found", "Unknown delivery", ErrorKind.NotFound);
    public static readonly Error InFlight = new("delivery_in_flight", "An attempt of this delivery is in flight; retry once it is recorded", ErrorKind.Conflict);
}
