using Dapper;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Webhooks;

/// <summary>GET /webhooks and GET /webhooks/{id}: subscriptions, without their secrets.</summary>
public static class ListWebhooks
{
    public sealed record Query(string? Id = null) : IRequest<Result<IReadOnlyList<WebhookRow>>>;

    public sealed class Handler(Db db) : IRequestHandler<Query, Result<IReadOnlyList<WebhookRow>>>
    {
        public Task<Result<IReadOnlyList<WebhookRow>>> Handle(Query query, CancellationToken cancellationToken) =>
            db.ReadAsync<Result<IReadOnlyList<WebhookRow>>>(async connection =>
            {
                var rows = (await connection.QueryAsync<WebhookRow>(Sql.Select, new { query.Id })).AsList();
                if (query.Id is not null && rows.Count == 0) return WebhookErrors.UnknownWebhook;
                return Result<IReadOnlyList<WebhookRow>>.From(rows);
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string Select = $"""
            SELECT {WebhookRow.Columns} FROM webhooks WHERE @Id IS NULL OR id = @Id ORDER BY created_at, id
            """;
    }
}
