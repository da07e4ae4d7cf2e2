namespace InviteService.Features.Webhooks;

/// <summary>The subscription and its signing secret, answered only when it is created or its secret rotated.</summary>
public sealed record WebhookSecretResponse(WebhookResponse Webhook, string Secret)
{
    public static WebhookSecretResponse From(WebhookRow w) => new(WebhookResponse.From(w), w.Secret!);
}
