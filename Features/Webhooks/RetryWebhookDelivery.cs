using Dapper;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Webhooks;
using MediatR;

namespace InviteService.Features.Webhooks;

/// <summary>POST /webhooks/{id}/deliveries/{deliveryId}/retry: a failed or pending delivery is due again now.</summary>
public static class RetryWebhookDelivery
{
    public sealed record Command(string WebhookId, string DeliveryId) : IRequest<Result<Unit>>;

    public sealed class Handler(Db db, TimeProvider time, WebhookDispatcher dispatcher) : IRequestHandler<Command, Result<Unit>>
    {
        public async Task<Result<Unit>> Handle(Command command, CancellationToken cancellationToken)
        {
            var result = await db.WriteAsync<Unit>(async (connection, transaction) =>
            {
                var retried = await connection.ExecuteAsync(Sql.Retry, new { command.WebhookId, command.DeliveryId, Now = time.Now() }, transaction);
                return retried == 0 ? WebhookErrors.UnknownDelivery : Unit.Value;
            }, cancellationToken);
            if (result.IsSuccess) dispatcher.Wake();
            return result;
        }
    }

    private static class Sql
    {
        public const string Retry = """
            UPDATE webhook_deliveries
            SET status = 'pending', next_attempt_at = @Now, lease_until = NULL, updated_at = @Now
            WHERE id = @DeliveryId AND webhook_id = @WebhookId AND status <> 'delivered'
            """;
    }
}
