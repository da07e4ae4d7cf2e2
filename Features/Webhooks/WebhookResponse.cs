using InviteService.Infrastructure;

namespace InviteService.Features.Webhooks;

/// <summary>A subscription, without its secret.</summary>
public sealed record WebhookResponse(string Id, string Url, string[] Events, string? ServerId, bool Disabled, string? FailingSince, string CreatedAt)
{
    public static WebhookResponse From(WebhookRow w) =>
        new(w.Id, w.Url, w.EventList, w.ServerId, w.Disabled, Time.Rfc3339(w.FailingSince), Time.Rfc3339(w.CreatedAt));
}
