using System.Globalization;
using System.Text.Json;
using Dapper;
using System.Data.Common;

namespace InviteService.Infrastructure.Webhooks;

/// <summary>
/// The transactional outbox: a slice records the event of a change in the same write transaction as the change, so no
/// commit means no event, and a commit always leaves its event for the dispatcher, even across a crash. One delivery
/// row is queued for each enabled subscription that wants the event; with none, nothing is written.
/// </summary>
public static class Outbox
{
    private static long _sequence = DateTime.UtcNow.Ticks;

    /// <summary>
    /// The event's webhook-id: <c>msg_</c> and 16 hex digits that only grow. Events are recorded inside the single writer,
    /// so sorting ids gives the order in which their changes committed (a receiver rebuilding state can rely on it).
    /// </summary>
    private static string NextId() => "msg_" + Interlocked.Increment(ref _sequence).ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The JSON of every event: the envelope's and each record's properties in snake_case, nulls written out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// Records <paramref name="data"/> for every enabled subscription that wants its type (and its server); call inside
    /// the change's write. With <paramref name="onlyWebhookId"/>, for that one subscription alone, whatever it subscribes to.
    /// </summary>
    public static async Task EmitAsync<TEvent>(DbConnection connection, DbTransaction transaction, TEvent data, long now, string? onlyWebhookId = null)
        where TEvent : IWebhookEvent
    {
        var id = NextId();
        var args = new { Id = id, Type = TEvent.Type, data.ServerId, Body = Envelope(data, now), Now = now, OnlyWebhookId = onlyWebhookId };
        if (await connection.ExecuteAsync(Sql.Event, args, transaction) == 0) return; // nobody subscribes
        await connection.ExecuteAsync(Sql.Deliveries, args, transaction);
    }

    /// <summary><c>{"type", "timestamp", "data"}</c>, the body every delivery of the event carries.</summary>
    public static string Envelope<TEvent>(TEvent data, long now) where TEvent : IWebhookEvent
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", TEvent.Type);
            writer.WriteString("timestamp", DateTimeOffset.FromUnixTimeMilliseconds(now).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WritePropertyName("data");
            JsonSerializer.Serialize(writer, data, Json);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static class Sql
    {
        /// <summary>An enabled subscription wants the event: its server and its types, unless the event is for it alone.</summary>
        private const string Wants = """
            w.disabled = 0
            AND (@OnlyWebhookId IS NULL OR w.id = @OnlyWebhookId)
            AND (@OnlyWebhookId IS NOT NULL OR w.server_id IS NULL OR w.server_id = @ServerId)
            AND (@OnlyWebhookId IS NOT NULL OR w.events = '' OR ',' || w.events || ',' LIKE '%,' || @Type || ',%')
            """;

        public const string Event = $"""
            INSERT INTO webhook_events (id, type, server_id, body, created_at)
            SELECT @Id, @Type, @ServerId, @Body, @Now
            WHERE EXISTS (SELECT 1 FROM webhooks w WHERE {Wants})
            """;

        public const string Deliveries = $"""
            INSERT INTO webhook_deliveries (id, webhook_id, event_id, status, attempts, next_attempt_at, created_at, updated_at)
            SELECT @Id || '.' || w.id, w.id, @Id, 'pending', 0, @Now, @Now, @Now
            FROM webhooks w
            WHERE {Wants}
            """;
    }
}
