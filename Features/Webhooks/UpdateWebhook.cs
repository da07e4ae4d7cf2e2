using Dapper;
using FluentValidation;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Webhooks;
using MediatR;
using Microsoft.Extensions.Options;

namespace InviteService.Features.Webhooks;

/// <summary>Body of PATCH /webhooks/{id}: absent fields stay as they are; <c>server_id: ""</c> subscribes to every server.</summary>
public sealed record WebhookPatch(string? Url = null, string[]? Events = null, string? ServerId = null, bool? Disabled = null)
{
    public sealed class Validator : AbstractValidator<WebhookPatch>
    {
        public Validator(IOptions<WebhookOptions> options)
        {
            RuleFor(r => r.Url).WebhookUrl(options.Value).When(r => r.Url is not null);
            RuleForEach(r => r.Events).WebhookEvent();
            RuleFor(r => r.ServerId).WebhookServerId();
        }
    }
}

/// <summary>
/// PATCH /webhooks/{id}: url, events, server_id, disabled. Enabling again, or a new url, starts afresh (no failing period,
/// no rest). Deliveries already queued follow the subscription: they go to the url it has when they are sent.
/// </summary>
public static class UpdateWebhook
{
    public sealed record Command(string Id, string? Url, string[]? Events, string? ServerId, bool? Disabled) : IRequest<Result<WebhookRow>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<WebhookRow>>
    {
        public Task<Result<WebhookRow>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<WebhookRow>(async (connection, transaction) =>
            {
                var updated = await connection.ExecuteAsync(Sql.Update, new
                {
                    command.Id, command.Url, Events = command.Events is null ? null : string.Join(',', command.Events.Distinct()),
                    SetServer = command.ServerId is not null, ServerId = string.IsNullOrEmpty(command.ServerId) ? null : command.ServerId,
                    command.Disabled, Now = time.Now(),
                }, transaction);
                if (updated == 0) return WebhookErrors.UnknownWebhook;
                return await connection.QuerySingleAsync<WebhookRow>(WebhookRow.ById, new { command.Id }, transaction);
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string Update = """
            UPDATE webhooks
            SET url = COALESCE(@Url, url),
                events = COALESCE(@Events, events),
                server_id = CASE WHEN @SetServer = 1 THEN @ServerId ELSE server_id END,
                disabled = COALESCE(@Disabled, disabled),
                failing_since = CASE WHEN @Disabled = 0 THEN NULL ELSE failing_since END,
                unanswered = CASE WHEN @Disabled = 0 OR @Url <> url THEN 0 ELSE unanswered END,
                paused_until = CASE WHEN @Disabled = 0 OR @Url <> url THEN NULL ELSE paused_until END,
                updated_at = @Now
            WHERE id = @Id
            """;
    }
}
