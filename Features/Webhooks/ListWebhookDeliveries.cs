using Dapper;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Paging;
using MediatR;

namespace InviteService.Features.Webhooks;

/// <summary>GET /webhooks/{id}/deliveries: a subscription's deliveries, newest first, in pages.</summary>
public static class ListWebhookDeliveries
{
    public sealed record Query(string WebhookId, PageRequest Page) : IRequest<Result<Page<DeliveryRow>>>;

    public sealed class Handler(Db db) : IRequestHandler<Query, Result<Page<DeliveryRow>>>
    {
        public Task<Result<Page<DeliveryRow>>> Handle(Query query, CancellationToken cancellationToken) =>
            db.ReadAsync<Result<Page<DeliveryRow>>>(async connection =>
            {
                if (!await connection.ExecuteScalarAsync<bool>(Sql.Exists, new { Id = query.WebhookId })) return WebhookErrors.UnknownWebhook;
                var page = query.Page.Keyset(PageQuery.DefaultLimit, descending: true);
                var rows = await connection.QueryAsync<DeliveryRow>(Sql.Page, new { query.WebhookId, page.AfterAt, page.AfterId, page.Take });
                return page.Cut(rows.AsList(), d => new Cursor(d.CreatedAt, d.Id));
            }, cancellationToken);
    }

    internal static class Sql
    {
        public const string Exists = "SELECT EXISTS (SELECT 1 FROM webhooks WHERE id = @Id)";

        public const string Page = """
            SELECT d.id AS Id, d.event_id AS EventId, e.type AS EventType, d.status AS Status, d.attempts AS Attempts,
                   d.last_status AS LastStatus, d.last_error AS LastError,
                   CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS NextAttemptAt, d.created_at AS CreatedAt
            FROM webhook_deliveries d
            JOIN webhook_events e ON e.id = d.event_id
            WHERE d.webhook_id = @WebhookId
              AND (d.created_at, d.id) < (@AfterAt, @AfterId)
            ORDER BY d.created_at DESC, d.id DESC
            LIMIT @Take
            """;
    }
}
