using InviteService.Infrastructure;

namespace InviteService.Features.Webhooks;

/// <summary>
/// A subscription, without its secret. <c>paused_until</c>: the endpoint kept not answering, and gets no attempts until
/// then (its deliveries wait without spending their retries).
/// </summary>
public sealed record WebhookResponse(
    string Id, string Url, string[] Events, string? ServerId, bool Disabled, string? FailingSince, string? PausedUntil, string CreatedAt)
{
    public static WebhookResponse From(WebhookRow w) => new(
        w.Id, w.Url, w.EventList, w.ServerId, w.Disabled, Time.Rfc3339(w.FailingSince), Time.Rfc3339(w.PausedUntil), Time.Rfc3339(w.CreatedAt));
}
