using Dapper;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Webhooks;
using MediatR;

namespace InviteService.Features.Webhooks;

/// <summary>
/// POST /webhooks/{id}/deliveries/{deliveryId}/retry: the delivery is due again now, whatever its status (a delivered one
/// is sent again); one with an attempt in flight is left alone (409), so a retry never sends a second copy at once.
/// </summary>
public static class RetryWebhookDelivery
{
    public sealed record Command(string WebhookId, string DeliveryId) : IRequest<Result<Unit>>;

    public sealed class Handler(Db db, TimeProvider time, WebhookDispatcher dispatcher) : IRequestHandler<Command, Result<Unit>>
    {
        public async Task<Result<Unit>> Handle(Command command, CancellationToken cancellationToken)
        {
            var result = await db.WriteAsync<Unit>(async (connection, transaction) =>
            {
                var args = new { command.WebhookId, command.DeliveryId, Now = time.Now() };
                if (await connection.ExecuteAsync(Sql.Retry, args, transaction) > 0) return Unit.Value;
                return await connection.ExecuteScalarAsync<bool>(Sql.Exists, args, transaction) ? WebhookErrors.InFlight : WebhookErrors.UnknownDelivery;
            }, cancellationToken);
            if (result.IsSuccess) dispatcher.Wake();
            return result;
        }
    }

    private static class Sql
    {
        public const string Retry = """
            UPDATE webhook_deliveries
            SET status = 'pending', next_attempt_at = @Now, updated_at = @Now
            WHERE id = @DeliveryId AND webhook_id = @WebhookId AND (lease_until IS NULL OR lease_until < @Now)
            """;

        public const string Exists = "SELECT EXISTS (SELECT 1 FROM webhook_deliveries WHERE id = @DeliveryId AND webhook_id = @WebhookId)";
    }
}
