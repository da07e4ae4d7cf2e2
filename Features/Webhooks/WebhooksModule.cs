using Carter;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Http;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InviteService.Features.Webhooks;

/// <summary>Webhook subscriptions, for the platform admin (the host app's back end).</summary>
public sealed class WebhooksModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/webhooks").WithTags("Webhooks");
        hooks.MapPost("", Create).WithName("CreateWebhook").WithSummary("Subscribe a URL to events; answers the signing secret, once (platform admin)").Problems(400, 401, 403);
        hooks.MapGet("", List).WithName("ListWebhooks").WithSummary("Subscriptions, without secrets (platform admin)").Problems(401, 403);
        hooks.MapGet("/{id}", Get).WithName("GetWebhook").WithSummary("A subscription, without its secret (platform admin)").Problems(401, 403, 404);
        hooks.MapPatch("/{id}", Update).WithName("UpdateWebhook").WithSummary("Change url, events, server_id or disabled (platform admin)").Problems(400, 401, 403, 404);
        hooks.MapDelete("/{id}", Delete).WithName("DeleteWebhook").WithSummary("Unsubscribe (platform admin)").Problems(401, 403, 404);
        hooks.MapPost("/{id}/rotate-secret", Rotate).WithName("RotateWebhookSecret").WithSummary("A new secret; the old one also signs for 24 hours (platform admin)").Problems(401, 403, 404);
        hooks.MapGet("/{id}/deliveries", Deliveries).WithName("ListWebhookDeliveries").WithSummary("Deliveries, newest first (platform admin)").Problems(401, 403, 404);
        hooks.MapPost("/{id}/deliveries/{deliveryId}/retry", Retry).WithName("RetryWebhookDelivery").WithSummary("Send a delivery again now (platform admin)").Problems(401, 403, 404);
        hooks.MapPost("/{id}/test", Test).WithName("TestWebhook").WithSummary("Send a webhook.test event (platform admin)").Problems(401, 403, 404);
    }

    private static async Task<Results<Created<HearthWebhookCreated>, ProblemHttpResult>> Create(WebhookRequest body, Caller caller, IMediator mediator) =>
        (await mediator.Send(new CreateWebhook.Command(caller, body.Url, body.Events, body.ServerId)))
        .ToCreated(w => $"/webhooks/{w.Id}", w => new HearthWebhookCreated(HearthWebhook.From(w), w.Secret!));

    private static async Task<Results<Ok<HearthWebhook[]>, ProblemHttpResult>> List(Caller caller, IMediator mediator) =>
        (await mediator.Send(new ListWebhooks.Query(caller))).ToOk(rows => rows.Select(HearthWebhook.From).ToArray());

    private static async Task<Results<Ok<HearthWebhook>, ProblemHttpResult>> Get(string id, Caller caller, IMediator mediator) =>
        (await mediator.Send(new ListWebhooks.Query(caller, id))).ToOk(rows => HearthWebhook.From(rows[0]));

    private static async Task<Results<Ok<HearthWebhook>, ProblemHttpResult>> Update(string id, WebhookPatch body, Caller caller, IMediator mediator) =>
        (await mediator.Send(new UpdateWebhook.Command(caller, id, body.Url, body.Events, body.ServerId, body.Disabled))).ToOk(HearthWebhook.From);

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, Caller caller, IMediator mediator) =>
        (await mediator.Send(new ChangeWebhook.Delete(caller, id))).ToNoContent();

    private static async Task<Results<Ok<HearthWebhookCreated>, ProblemHttpResult>> Rotate(string id, Caller caller, IMediator mediator) =>
        (await mediator.Send(new ChangeWebhook.RotateSecret(caller, id))).ToOk(w => new HearthWebhookCreated(HearthWebhook.From(w), w.Secret!));

    private static async Task<Results<Ok<HearthWebhookDelivery[]>, ProblemHttpResult>> Deliveries(string id, Caller caller, IMediator mediator) =>
        (await mediator.Send(new WebhookDeliveries.List(caller, id))).ToOk(rows => rows.Select(HearthWebhookDelivery.From).ToArray());

    private static async Task<Results<NoContent, ProblemHttpResult>> Retry(string id, string deliveryId, Caller caller, IMediator mediator) =>
        (await mediator.Send(new WebhookDeliveries.Retry(caller, id, deliveryId))).ToNoContent();

    private static async Task<Results<NoContent, ProblemHttpResult>> Test(string id, Caller caller, IMediator mediator) =>
        (await mediator.Send(new WebhookDeliveries.SendTest(caller, id))).ToNoContent();
}

public sealed record WebhookRequest(
    [property: System.ComponentModel.DataAnnotations.MaxLength(Infrastructure.Pipeline.TextRules.MaxUrlLength)] string? Url,
    [property: Infrastructure.OpenApi.SchemaValues(typeof(Infrastructure.Webhooks.Outbox.Events), nameof(Infrastructure.Webhooks.Outbox.Events.All))] string[]? Events = null,
    string? ServerId = null);

public sealed record WebhookPatch(
    [property: System.ComponentModel.DataAnnotations.MaxLength(Infrastructure.Pipeline.TextRules.MaxUrlLength)] string? Url = null,
    [property: Infrastructure.OpenApi.SchemaValues(typeof(Infrastructure.Webhooks.Outbox.Events), nameof(Infrastructure.Webhooks.Outbox.Events.All))] string[]? Events = null,
    string? ServerId = null,
    bool? Disabled = null);

public sealed record HearthWebhook(string Id, string Url, string[] Events, string? ServerId, bool Disabled, string? FailingSince, string CreatedAt)
{
    public static HearthWebhook From(WebhookRow w) =>
        new(w.Id, w.Url, w.EventList, w.ServerId, w.Disabled, Time.Rfc3339(w.FailingSince), Time.Rfc3339(w.CreatedAt));
}

/// <summary>The subscription and its secret, shown only when created or rotated.</summary>
public sealed record HearthWebhookCreated(HearthWebhook Webhook, string Secret);

public sealed record HearthWebhookDelivery(
    string Id, string EventId, string EventType, string Status, long Attempts, int? LastStatusCode, string? LastError, string? NextAttemptAt, string CreatedAt)
{
    public static HearthWebhookDelivery From(DeliveryRow d) =>
        new(d.Id, d.EventId, d.EventType, d.Status, d.Attempts, d.LastStatus, d.LastError, Time.Rfc3339(d.NextAttemptAt), Time.Rfc3339(d.CreatedAt));
}
