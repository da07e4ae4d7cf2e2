using Dapper;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Webhooks;
using MediatR;

namespace InviteService.Features.Webhooks;

/// <summary>POST /webhooks/{id}/rotate-secret: a new secret, answered once; the old one also signs for <see cref="Overlap"/>.</summary>
public static class RotateWebhookSecret
{
    public static readonly TimeSpan Overlap = TimeSpan.FromHours(24);

    public sealed record Command(string Id) : IRequest<Result<WebhookRow>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<WebhookRow>>
    {
        public Task<Result<WebhookRow>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<WebhookRow>(async (connection, transaction) =>
            {
                var now = time.Now();
                var secret = WebhookSignature.NewSecret();
                var rotated = await connection.ExecuteAsync(
                    Sql.Rotate, new { command.Id, Secret = secret, Until = now + (long)Overlap.TotalMilliseconds, Now = now }, transaction);
                if (rotated == 0) return WebhookErrors.UnknownWebhook;
                var row = await connection.QuerySingleAsync<WebhookRow>(WebhookRow.ById, new { command.Id }, transaction);
                row.Secret = secret;
                return row;
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string Rotate = """
            UPDATE webhooks
            SET previous_secret = secret, previous_secret_until = @Until, secret = @Secret, updated_at = @Now
            WHERE id = @Id
            """;
    }
}
