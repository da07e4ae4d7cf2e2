using Dapper;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Webhooks;
using MediatR;

namespace InviteService.Features.Webhooks;

/// <summary>POST /webhooks/{id}/test: a <see cref="WebhookTest"/> event to that subscription alone, sent now.</summary>
public static class SendTestEvent
{
    public sealed record Command(string WebhookId) : IRequest<Result<Unit>>;

    public sealed class Handler(Db db, TimeProvider time, WebhookDispatcher dispatcher) : IRequestHandler<Command, Result<Unit>>
    {
        public async Task<Result<Unit>> Handle(Command command, CancellationToken cancellationToken)
        {
            var result = await db.WriteAsync<Unit>(async (connection, transaction) =>
            {
                if (!await connection.ExecuteScalarAsync<bool>(ListWebhookDeliveries.Sql.Exists, new { Id = command.WebhookId }, transaction))
                {
                    return WebhookErrors.UnknownWebhook;
                }

                await Outbox.EmitAsync(connection, transaction, new WebhookTest(command.WebhookId), time.Now(), onlyWebhookId: command.WebhookId);
                return Unit.Value;
            }, cancellationToken);
            if (result.IsSuccess) dispatcher.Wake();
            return result;
        }
    }
}
