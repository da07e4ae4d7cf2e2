using Dapper;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Webhooks;
using MediatR;

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

/// <summary>
/// GET /webhooks/{id}/deliveries (newest first), POST …/deliveries/{deliveryId}/retry (a failed or pending delivery is
/// due again now) and POST /webhooks/{id}/test (a <c>webhook.test</c> event to that subscription alone).
/// </summary>
public static class WebhookDeliveries
{
    public sealed record List(Caller Caller, string WebhookId) : IRequest<Result<IReadOnlyList<DeliveryRow>>>;

    public sealed record Retry(Caller Caller, string WebhookId, string DeliveryId) : IRequest<Result<Unit>>;

    public sealed record SendTest(Caller Caller, string WebhookId) : IRequest<Result<Unit>>;

    public sealed class Handler(Db db, TimeProvider time, WebhookDispatcher dispatcher)
        : IRequestHandler<List, Result<IReadOnlyList<DeliveryRow>>>, IRequestHandler<Retry, Result<Unit>>, IRequestHandler<SendTest, Result<Unit>>
    {
        public Task<Result<IReadOnlyList<DeliveryRow>>> Handle(List query, CancellationToken cancellationToken) =>
            db.ReadAsync<Result<IReadOnlyList<DeliveryRow>>>(async connection =>
            {
                if (!query.Caller.IsPlatformAdmin) return WebhookErrors.AdminOnly;
                if (!await connection.ExecuteScalarAsync<bool>(Sql.Exists, new { Id = query.WebhookId })) return WebhookErrors.UnknownWebhook;
                var rows = await connection.QueryAsync<DeliveryRow>(Sql.List, new { query.WebhookId });
                return Result<IReadOnlyList<DeliveryRow>>.From(rows.AsList());
            }, cancellationToken);

        public async Task<Result<Unit>> Handle(Retry command, CancellationToken cancellationToken)
        {
            var result = await db.WriteAsync<Unit>(async (connection, transaction) =>
            {
                if (!command.Caller.IsPlatformAdmin) return WebhookErrors.AdminOnly;
                var retried = await connection.ExecuteAsync(Sql.Retry, new { command.WebhookId, command.DeliveryId, Now = time.Now() }, transaction);
                return retried == 0 ? WebhookErrors.UnknownDelivery : Unit.Value;
            }, cancellationToken);
            if (result.IsSuccess) dispatcher.Wake();
            return result;
        }

        public async Task<Result<Unit>> Handle(SendTest command, CancellationToken cancellationToken)
        {
            var result = await db.WriteAsync<Unit>(async (connection, transaction) =>
            {
                if (!command.Caller.IsPlatformAdmin) return WebhookErrors.AdminOnly;
                if (!await connection.ExecuteScalarAsync<bool>(Sql.Exists, new { Id = command.WebhookId }, transaction)) return WebhookErrors.UnknownWebhook;
                await Outbox.EmitAsync(connection, transaction, Outbox.Events.Test, null, new { webhook_id = command.WebhookId }, time.Now(), onlyWebhookId: command.WebhookId);
                return Unit.Value;
            }, cancellationToken);
            if (result.IsSuccess) dispatcher.Wake();
            return result;
        }
    }

    private static class Sql
    {
        public const string Exists = "SELECT EXISTS (SELECT 1 FROM webhooks WHERE id = @Id)";

        public const string List = """
            SELECT d.id AS Id, d.event_id AS EventId, e.type AS EventType, d.status AS Status, d.attempts AS Attempts,
                   d.last_status AS LastStatus, d.last_error AS LastError,
                   CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS NextAttemptAt, d.created_at AS CreatedAt
            FROM webhook_deliveries d
            JOIN webhook_events e ON e.id = d.event_id
            WHERE d.webhook_id = @WebhookId
            ORDER BY d.created_at DESC, d.id DESC
            LIMIT 200
            """;

        public const string Retry = """
            UPDATE webhook_deliveries
            SET status = 'pending', next_attempt_at = @Now, lease_until = NULL, updated_at = @Now
            WHERE id = @DeliveryId AND webhook_id = @WebhookId AND status <> 'delivered'
            """;
    }
}
