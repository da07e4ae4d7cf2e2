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
    /// <summary>Every event type a host app can subscribe to.</summary>
    public static class Events
    {
        public const string InviteCreated = "invite.created";
        public const string InviteDeleted = "invite.deleted";
        public const string MemberJoined = "member.joined";
        public const string MemberRemoved = "member.removed";
        public const string MemberUpdated = "member.updated";
        public const string ServerUpdated = "server.updated";
        public const string Test = "webhook.test";

        public static readonly string[] All = [InviteCreated, InviteDeleted, MemberJoined, MemberRemoved, MemberUpdated, ServerUpdated];
    }

    private static long _sequence = DateTime.UtcNow.Ticks;

    /// <summary>
    /// The event's webhook-id: <c>msg_</c> and 16 hex digits that only grow. Events are recorded inside the single writer,
    /// so sorting ids gives the order in which their changes committed (a receiver rebuilding state can rely on it).
    /// </summary>
    private static string NextId() => "msg_" + Interlocked.Increment(ref _sequence).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Records <paramref name="type"/> with <paramref name="data"/> for every subscription that wants it; call inside the change's write.</summary>
    public static async Task EmitAsync(DbConnection connection, DbTransaction transaction, string type, string? serverId, object data, long now, string? onlyWebhookId = null)
    {
        var id = NextId();
        var body = JsonSerializer.Serialize(new
        {
            type,
            timestamp = DateTimeOffset.FromUnixTimeMilliseconds(now).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            data,
        }, Json);
        var args = new { Id = id, Type = type, ServerId = serverId, Body = body, Now = now, OnlyWebhookId = onlyWebhookId };
        if (await connection.ExecuteAsync(Sql.Event, args, transaction) == 0) return; // nobody subscribes
        await connection.ExecuteAsync(Sql.Deliveries, args, transaction);
    }

    private static class Sql
    {
        private const string Wants = """
            w.disabled = 0
            AND (w.server_id IS NULL OR w.server_id = @ServerId)
            AND (w.events = '' OR ',' || w.events || ',' LIKE '%,' || @Type || ',%' OR @Type = 'webhook.test')
            AND (@OnlyWebhookId IS NULL OR w.id = @OnlyWebhookId)
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
