using Carter;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Validation;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InviteService.Features.Servers;

/// <summary>Management routes for servers and channels, so the service is usable on its own.</summary>
public sealed class ServersModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var servers = app.MapGroup("/servers").WithTags("Servers");
        servers.MapPost("", Create).WithName("CreateServer").WithSummary("Create a server; you become its owner, with a general text channel").Problems(400, 401, 413, 415);
        servers.MapGet("/{id}", Get).WithName("GetServer").WithSummary("A server with its channels and member count (members only)").Problems(401, 403, 404);
        servers.MapPatch("/{id}", Update).WithName("UpdateServer").WithSummary("Change settings: name, icon, invite cap, pause, default permissions, vanity code, invite policy (MANAGE_SERVER; features: platform admin)").Problems(400, 401, 403, 404, 413, 415);
        servers.MapGet("/{id}/vanity-url", VanityUrl).WithName("GetVanityUrl").WithSummary("The vanity code and how many joined through it (MANAGE_SERVER)").Problems(401, 403, 404);
        servers.MapPost("/{id}/channels", AddChannel).WithName("CreateChannel").WithSummary("Add a text or voice channel (MANAGE_SERVER)").Problems(400, 401, 403, 404, 413, 415);
    }

    private static async Task<Results<Created<ServerResponse>, ProblemHttpResult>> Create(
        JsonBody<CreateServerRequest> body, Caller caller, IMediator mediator) =>
        (await mediator.Send(new CreateServer.Command(caller, body.Value.Name!, body.Value.IconUrl)))
        .ToCreated(d => $"/servers/{d.Server.Id}", ServerResponse.From);

    private static async Task<Results<Ok<ServerResponse>, ProblemHttpResult>> Get(string id, Caller caller, IMediator mediator) =>
        (await mediator.Send(new GetServer.Query(caller, id))).ToOk(ServerResponse.From);

    private static async Task<Results<Ok<ServerResponse>, ProblemHttpResult>> Update(
        string id, JsonBody<UpdateServerRequest> body, Caller caller, IMediator mediator)
    {
        var request = body.Value;
        return (await mediator.Send(new UpdateServer.Command(
            caller, id, request.Name, request.IconUrl, request.MaxInvites, request.InvitesEnabled, request.DefaultPermissions,
            request.InvitesPausedUntil.Value, request.Features, request.VanityCode, EndTimedPause: request.InvitesPausedUntil.IsCleared)
            {
                InvitePolicy = request.InvitePolicy is { } p
                    ? new UpdateServer.PolicyChange(p.MaxAgeCeiling, p.AllowNeverExpiring, p.MaxUsesCeiling, p.DefaultMaxAge)
                    : null,
            }))
            .ToOk(ServerResponse.From);
    }

    private static async Task<Results<Ok<VanityUrlResponse>, ProblemHttpResult>> VanityUrl(string id, Caller caller, IMediator mediator) =>
        (await mediator.Send(new GetVanityUrl.Query(caller, id))).ToOk(VanityUrlResponse.From);

    private static async Task<Results<Created<ChannelResponse>, ProblemHttpResult>> AddChannel(
        string id, JsonBody<CreateChannelRequest> body, Caller caller, IMediator mediator) =>
        (await mediator.Send(new CreateChannel.Command(caller, id, body.Value.Name!, body.Value.Type ?? "text")))
        .ToCreated(c => $"/servers/{c.ServerId}/channels/{c.Id}", ChannelResponse.From);
}
