using InviteService.Infrastructure.Webhooks;

namespace InviteService.Features.Webhooks;

/// <summary><c>webhook.test</c>: sent on request to one subscription, whatever it subscribes to.</summary>
public sealed record WebhookTest(string WebhookId) : IWebhookEvent
{
    public static string Type => "webhook.test";

    string? IWebhookEvent.ServerId => null;
}
