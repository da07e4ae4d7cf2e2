using Carter;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Paging;
using InviteService.Infrastructure.Validation;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InviteService.Features.Webhooks;

/// <summary>Webhook subscriptions, for the platform admin (the host app's back end) alone: one policy on the whole group.</summary>
public sealed class WebhooksModule : ICarterModule
{
    /// <summary>The authorization policy of every webhook route (<see cref="WebhooksSetup"/>).</summary>
    public const string AdminPolicy = "webhooks-admin";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(AdminPolicy);
        hooks.MapPost("", Create).WithName("CreateWebhook").WithSummary("Subscribe a URL to events; answers the signing secret, once (platform admin)").Problems(400, 401, 403);
        hooks.MapGet("", List).WithName("ListWebhooks").WithSummary("Subscriptions, without secrets (platform admin)").Problems(401, 403);
        hooks.MapGet("/{id}", Get).WithName("GetWebhook").WithSummary("A subscription, without its secret (platform admin)").Problems(401, 403, 404);
        hooks.MapPatch("/{id}", Update).WithName("UpdateWebhook").WithSummary("Change url, events, server_id or disabled (platform admin)").Problems(400, 401, 403, 404);
        hooks.MapDelete("/{id}", Delete).WithName("DeleteWebhook").WithSummary("Unsubscribe (platform admin)").Problems(401, 403, 404);
        hooks.MapPost("/{id}/rotate-secret", Rotate).WithName("RotateWebhookSecret").WithSummary("A new secret; the old one also signs for 24 hours (platform admin)").Problems(401, 403, 404);
        hooks.MapGet("/{id}/deliveries", Deliveries).WithName("ListWebhookDeliveries").WithSummary("Deliveries, newest first, in pages (platform admin)").Problems(400, 401, 403, 404);
        hooks.MapPost("/{id}/deliveries/{deliveryId}/retry", Retry).WithName("RetryWebhookDelivery").WithSummary("Send a delivery again now, whatever its status; 409 while an attempt of it is in flight (platform admin)").Problems(401, 403, 404, 409);
        hooks.MapPost("/{id}/test", Test).WithName("TestWebhook").WithSummary("Send a webhook.test event (platform admin)").Problems(401, 403, 404);
    }

    private static async Task<Results<Created<WebhookSecretResponse>, ProblemHttpResult>> Create(JsonBody<WebhookRequest> body, IMediator mediator) =>
        (await mediator.Send(new CreateWebhook.Command(body.Value.Url!, body.Value.Events, body.Value.ServerId)))
        .ToCreated(w => $"/webhooks/{w.Id}", WebhookSecretResponse.From);

    private static async Task<Results<Ok<WebhookResponse[]>, ProblemHttpResult>> List(IMediator mediator) =>
        (await mediator.Send(new ListWebhooks.Query())).ToOk(rows => rows.Select(WebhookResponse.From).ToArray());

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> Get(string id, IMediator mediator) =>
        (await mediator.Send(new ListWebhooks.Query(id))).ToOk(rows => WebhookResponse.From(rows[0]));

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> Update(string id, JsonBody<WebhookPatch> body, IMediator mediator) =>
        (await mediator.Send(new UpdateWebhook.Command(id, body.Value.Url, body.Value.Events, body.Value.ServerId, body.Value.Disabled))).ToOk(WebhookResponse.From);

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, IMediator mediator) =>
        (await mediator.Send(new DeleteWebhook.Command(id))).ToNoContent();

    private static async Task<Results<Ok<WebhookSecretResponse>, ProblemHttpResult>> Rotate(string id, IMediator mediator) =>
        (await mediator.Send(new RotateWebhookSecret.Command(id))).ToOk(WebhookSecretResponse.From);

    private static async Task<Results<PagedOk<WebhookDeliveryResponse[]>, ProblemHttpResult>> Deliveries(
        string id, [AsParameters] PageQuery page, IMediator mediator) =>
        (await mediator.Send(new ListWebhookDeliveries.Query(id, page.Request()))).ToPage(WebhookDeliveryResponse.From);

    private static async Task<Results<NoContent, ProblemHttpResult>> Retry(string id, string deliveryId, IMediator mediator) =>
        (await mediator.Send(new RetryWebhookDelivery.Command(id, deliveryId))).ToNoContent();

    private static async Task<Results<NoContent, ProblemHttpResult>> Test(string id, IMediator mediator) =>
        (await mediator.Send(new SendTestEvent.Command(id))).ToNoContent();
}
