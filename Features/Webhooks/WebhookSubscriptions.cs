using Dapper;
using FluentValidation;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Pipeline;
using InviteService.Infrastructure.Webhooks;
using MediatR;

namespace InviteService.Features.Webhooks;

/// <summary>A subscription as stored; the secrets never leave except once, when created or rotated.</summary>
public sealed class WebhookRow
{
    public string Id { get; set; } = "";
    public string Url { get; set; } = "";
    public string Events { get; set; } = "";
    public string? ServerId { get; set; }
    public bool Disabled { get; set; }
    public long? FailingSince { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public string? Secret { get; set; }

    public string[] EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public const string Columns = """
        id AS Id, url AS Url, events AS Events, server_id AS ServerId, disabled AS Disabled, failing_since AS FailingSince,
        created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public const string ById = $"SELECT {Columns} FROM webhooks WHERE id = @Id";
}

public static class WebhookErrors
{
    public static readonly Error AdminOnly = new("no_permission", "Only the platform admin manages webhooks", ErrorKind.Forbidden);
    public static readonly Error UnknownWebhook = new("not_found", "Unknown webhook", ErrorKind.NotFound);
    public static readonly Error UnknownDelivery = new("not_found", "Unknown delivery", ErrorKind.NotFound);
}

/// <summary>The rules a subscription's fields follow, for create and update alike.</summary>
public static class WebhookRules
{
    public static IRuleBuilderOptions<T, string?> WebhookUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(u => u is not null && TextRules.IsHttpUrl(u)).WithMessage("url must be an absolute https:// or http:// URL.");

    public static IRuleBuilderOptions<T, string[]?> WebhookEvents<T>(this IRuleBuilder<T, string[]?> rule) =>
        rule.Must(e => e is null || e.All(Outbox.Events.All.Contains))
            .WithMessage($"events are: {string.Join(", ", Outbox.Events.All)}.");
}

/// <summary>POST /webhooks: subscribe a URL to events (all when none given), of one server or all. Answers the secret, once.</summary>
public static class CreateWebhook
{
    public sealed record Command(Caller Caller, string? Url, string[]? Events, string? ServerId) : IRequest<Result<WebhookRow>>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Url).WebhookUrl().OverridePropertyName("url");
            RuleFor(c => c.Events).WebhookEvents().OverridePropertyName("events");
        }
    }

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<WebhookRow>>
    {
        public Task<Result<WebhookRow>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<WebhookRow>(async (connection, transaction) =>
            {
                if (!command.Caller.IsPlatformAdmin) return WebhookErrors.AdminOnly;
                var row = new WebhookRow
                {
                    Id = Guid.CreateVersion7().ToString(), Url = command.Url!, Events = string.Join(',', (command.Events ?? []).Distinct()),
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

/// <summary>GET /webhooks and GET /webhooks/{id}: subscriptions, without their secrets.</summary>
public static class ListWebhooks
{
    public sealed record Query(Caller Caller, string? Id = null) : IRequest<Result<IReadOnlyList<WebhookRow>>>;

    public sealed class Handler(Db db) : IRequestHandler<Query, Result<IReadOnlyList<WebhookRow>>>
    {
        public Task<Result<IReadOnlyList<WebhookRow>>> Handle(Query query, CancellationToken cancellationToken) =>
            db.ReadAsync<Result<IReadOnlyList<WebhookRow>>>(async connection =>
            {
                if (!query.Caller.IsPlatformAdmin) return WebhookErrors.AdminOnly;
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

/// <summary>PATCH /webhooks/{id}: url, events, server_id, disabled. Enabling again starts afresh.</summary>
public static class UpdateWebhook
{
    public sealed record Command(Caller Caller, string Id, string? Url, string[]? Events, string? ServerId, bool? Disabled) : IRequest<Result<WebhookRow>>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Url).WebhookUrl().OverridePropertyName("url").When(c => c.Url is not null);
            RuleFor(c => c.Events).WebhookEvents().OverridePropertyName("events");
        }
    }

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<WebhookRow>>
    {
        public Task<Result<WebhookRow>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<WebhookRow>(async (connection, transaction) =>
            {
                if (!command.Caller.IsPlatformAdmin) return WebhookErrors.AdminOnly;
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
                updated_at = @Now
            WHERE id = @Id
            """;
    }
}

/// <summary>DELETE /webhooks/{id} (its deliveries go with it) and POST /webhooks/{id}/rotate-secret (the old secret also signs for 24 hours).</summary>
public static class ChangeWebhook
{
    public sealed record Delete(Caller Caller, string Id) : IRequest<Result<Unit>>;

    public sealed record RotateSecret(Caller Caller, string Id) : IRequest<Result<WebhookRow>>;

    public static readonly TimeSpan Overlap = TimeSpan.FromHours(24);

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Delete, Result<Unit>>, IRequestHandler<RotateSecret, Result<WebhookRow>>
    {
        public Task<Result<Unit>> Handle(Delete command, CancellationToken cancellationToken) =>
            db.WriteAsync<Unit>(async (connection, transaction) =>
            {
                if (!command.Caller.IsPlatformAdmin) return WebhookErrors.AdminOnly;
                return await connection.ExecuteAsync("DELETE FROM webhooks WHERE id = @Id", new { command.Id }, transaction) == 0
                    ? WebhookErrors.UnknownWebhook
                    : Unit.Value;
            }, cancellationToken);

        public Task<Result<WebhookRow>> Handle(RotateSecret command, CancellationToken cancellationToken) =>
            db.WriteAsync<WebhookRow>(async (connection, transaction) =>
            {
                if (!command.Caller.IsPlatformAdmin) return WebhookErrors.AdminOnly;
                var now = time.Now();
                var secret = WebhookSignature.NewSecret();
                var rotated = await connection.ExecuteAsync("""
                    UPDATE webhooks
                    SET previous_secret = secret, previous_secret_until = @Until, secret = @Secret, updated_at = @Now
                    WHERE id = @Id
                    """, new { command.Id, Secret = secret, Until = now + (long)Overlap.TotalMilliseconds, Now = now }, transaction);
                if (rotated == 0) return WebhookErrors.UnknownWebhook;
                var row = await connection.QuerySingleAsync<WebhookRow>(WebhookRow.ById, new { command.Id }, transaction);
                row.Secret = secret;
                return row;
            }, cancellationToken);
    }
}
