using InviteService.Infrastructure;

namespace InviteService.Features.Webhooks;

/// <summary>An element of GET /webhooks/{id}/deliveries.</summary>
public sealed record WebhookDeliveryResponse(
    string Id, string EventId, string EventType, string Status, long Attempts, int? LastStatusCode, string? LastError, string? NextAttemptAt, string CreatedAt)
{
    public static WebhookDeliveryResponse From(DeliveryRow d) =>
        new(d.Id, d.EventId, d.EventType, d.Status, d.Attempts, d.LastStatus, d.LastError, Time.Rfc3339(d.NextAttemptAt), Time.Rfc3339(d.CreatedAt));
}
