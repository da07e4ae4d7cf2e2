using System.Globalization;
using System.Text.Json;
using Dapper;
using System.Data.Common;
using InviteService.Infrastructure.Database;

namespace InviteService.Infrastructure.Webhooks;

/// <summary>
/// The transactional outbox: a slice records the event of a change in the same write transaction as the change, so no
/// commit means no event, and a commit always leaves its event for the dispatcher, even across a crash. One delivery
/// row is queued for each enabled subscription that wants the event; with none, nothing is written.
/// </summary>
public static class Outbox
{
    /// <summary>The JSON of every event: the envelope's and each record's properties in snake_case, nulls written out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// Records <paramref name="data"/> for every enabled subscription that wants its type (and its server); call inside
    /// the change's write. With <paramref name="onlyWebhookId"/>, for that one subscription alone, whatever it subscribes to.
    /// The event's webhook-id (<c>msg_</c> and 16 hex digits) is numbered by the database (<see cref="Store.EventNumberingOf"/>):
    /// ids of events whose changes touched the same rows sort in the order those changes committed, whichever process
    /// made them.
    /// </summary>
    public static async Task EmitAsync<TEvent>(DbConnection connection, DbTransaction transaction, TEvent data, long now, string? onlyWebhookId = null)
        where TEvent : IWebhookEvent
    {
        var numbering = Store.EventNumberingOf(connection);
        var args = new { Type = TEvent.Type, data.ServerId, Body = Envelope(data, now), Now = now, OnlyWebhookId = onlyWebhookId };
        var id = await connection.ExecuteScalarAsync<string?>(Sql.Event(numbering), args, transaction);
        if (id is null) return; // nobody subscribes
        if (numbering.Advance is { } advance) await connection.ExecuteAsync(advance, transaction: transaction);
        await connection.ExecuteAsync(Sql.Deliveries, new { Id = id, args.Type, args.ServerId, args.OnlyWebhookId, args.Now }, transaction);
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

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<EventNumbering, string> Events = new();

        /// <summary>Records the event when someone wants it, numbered the store's way; answers its id, or null.</summary>
        public static string Event(EventNumbering numbering) => Events.GetOrAdd(numbering, n => $"""
            INSERT INTO webhook_events (id, type, server_id, body, created_at)
            SELECT {n.NextId}, @Type, @ServerId, @Body, @Now
            WHERE EXISTS (SELECT 1 FROM webhooks w WHERE {Wants})
            RETURNING id
            """);

        public const string Deliveries = $"""
            INSERT INTO webhook_deliveries (id, webhook_id, event_id, status, attempts, next_attempt_at, created_at, updated_at)
            SELECT @Id || '.' || w.id, w.id, @Id, 'pending', 0, @Now, @Now, @Now
            FROM webhooks w
            WHERE {Wants}
            """;
    }
}
