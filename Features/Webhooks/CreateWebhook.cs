using Dapper;
using FluentValidation;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Webhooks;
using MediatR;
using Microsoft.Extensions.Options;

namespace InviteService.Features.Webhooks;

/// <summary>Body of POST /webhooks: a URL, the events it wants (all when none), and optionally one server.</summary>
public sealed record WebhookRequest(string? Url, string[]? Events = null, string? ServerId = null)
{
    public sealed class Validator : AbstractValidator<WebhookRequest>
    {
        public Validator(IOptions<WebhookOptions> options)
        {
            RuleFor(r => r.Url).WebhookUrl(options.Value);
            RuleForEach(r => r.Events).WebhookEvent();
            RuleFor(r => r.ServerId).WebhookServerId();
        }
    }
}

/// <summary>POST /webhooks: subscribe a URL to events (all when none given), of one server or all. Answers the secret, once.</summary>
public static class CreateWebhook
{
    public sealed record Command(string Url, string[]? Events, string? ServerId) : IRequest<Result<WebhookRow>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<WebhookRow>>
    {
        public Task<Result<WebhookRow>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<WebhookRow>(async (connection, transaction) =>
            {
                var row = new WebhookRow
                {
                    Id = Guid.CreateVersion7().ToString(), Url = command.Url, Events = string.Join(',', (command.Events ?? []).Distinct()),
                    ServerId = string.IsNullOrEmpty(command.ServerId) ? null : command.ServerId, CreatedAt = time.Now(), Secret = WebhookSignature.NewSecret(),
                };
                row.UpdatedAt = row.CreatedAt;
                await connection.ExecuteAsync(Sql.Insert, row, transaction);
                return row;
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string Insert = """
            INSERT INTO webhooks (id, url, events, server_id, secret, disabled, created_at, updated_at)
            VALUES (@Id, @Url, @Events, @ServerId, @Secret, 0, @CreatedAt, @UpdatedAt)
            """;
    }
}
