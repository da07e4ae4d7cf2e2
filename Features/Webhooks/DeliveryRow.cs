namespace InviteService.Features.Webhooks;

/// <summary>A delivery of one event to one subscription, as the admin sees it.</summary>
public sealed class DeliveryRow
{
    public string Id { get; set; } = "";
    public string EventId { get; set; } = "";
    public string EventType { get; set; } = "";
    public string Status { get; set; } = "";
    public long Attempts { get; set; }
    public int? LastStatus { get; set; }
    public string? LastError { get; set; }
    public long? NextAttemptAt { get; set; }
    public long CreatedAt { get; set; }
}
