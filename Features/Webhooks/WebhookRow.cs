namespace InviteService.Features.Webhooks;

/// <summary>A subscription as stored; the secrets never leave except once, when created or rotated.</summary>
public sealed class WebhookRow
{
    public string Id { get; set; } = "";
    public string Url { get; set; } = "";
    public string Events { get; set; } = "";
    public string? ServerId { get; set; }
    public bool Disabled { get; set; }
    public long? FailingSince { get; set; }
    public long? PausedUntil { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public string? Secret { get; set; }

    public string[] EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public const string Columns = """
        id AS Id, url AS Url, events AS Events, server_id AS ServerId, disabled AS Disabled, failing_since AS FailingSince,
        paused_until AS PausedUntil, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public const string ById = $"SELECT {Columns} FROM webhooks WHERE id = @Id";
}
