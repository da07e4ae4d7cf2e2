using Dapper;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Webhooks;

/// <summary>DELETE /webhooks/{id}: unsubscribes; its deliveries go with it.</summary>
public static class DeleteWebhook
{
    public sealed record Command(string Id) : IRequest<Result<Unit>>;

    public sealed class Handler(Db db) : IRequestHandler<Command, Result<Unit>>
    {
        public Task<Result<Unit>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<Unit>(async (connection, transaction) =>
                await connection.ExecuteAsync(Sql.Delete, new { command.Id }, transaction) == 0 ? WebhookErrors.UnknownWebhook : Unit.Value,
                cancellationToken);
    }

    private static class Sql
    {
        public const string Delete = "DELETE FROM webhooks WHERE id = @Id";
    }
}
