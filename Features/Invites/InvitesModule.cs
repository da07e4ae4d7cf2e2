using Carter;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Http;
using InviteService.Infrastructure.OpenApi;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InviteService.Features.Invites;

/// <summary>The Hearth face of the invite slices: routes and wire shapes of seeds/hearth-invites-api.md.</summary>
public sealed class InvitesModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var invites = app.MapGroup("").WithTags("Invites");
        invites.MapGet("/invites/{code}", Preview).AllowAnonymous().WithName("PreviewInvite").WithSummary("Preview an invite or vanity code before joining (anonymous)").Example("hearth/preview", 200).Problems(404).ThrottleFailedLookups();
        invites.MapPost("/invites/{code}", Join).WithName("JoinInvite").WithSummary("Join a server through an invite or vanity code, consuming one use").Example("hearth/join-server", 200).Problems(400, 401, 403, 404).ThrottleFailedLookups();
        invites.MapDelete("/invites/{code}", Delete).WithName("DeleteInvite").WithSummary("Delete an invite (its creator while a member, or MANAGE_INVITES)").Problems(401, 403, 404);
        invites.MapPost("/channels/{id}/invites", Create).WithName("CreateInvite").WithSummary("Create an invite to a channel (CREATE_INVITE)").Example("hearth/create-request").Example("hearth/create", 201).Problems(400, 401, 403, 404, 413, 415).OptionalBody<CreateInviteRequest>();
        invites.MapGet("/servers/{id}/invites", List).WithName("ListInvites").WithSummary("A server's active invites, newest first (MANAGE_INVITES)").Example("hearth/list", 200).Problems(401, 403, 404);
        invites.MapDelete("/servers/{id}/invites", RevokeAll).WithName("RevokeInvites").WithSummary("Revoke every active invite of a server at once (MANAGE_INVITES)").Problems(401, 403, 404);
        invites.MapGet("/invites/{code}/joins", Joins).WithName("ListInviteJoins").WithSummary("Who joined through an invite or vanity code (MANAGE_INVITES)").Problems(401, 404).ThrottleFailedLookups();
    }

    private static async Task<Results<Ok<HearthInvitePreview>, ProblemHttpResult>> Preview(string code, IMediator mediator) =>
        (await mediator.Send(new PreviewInvite.Query(code, IncludeInvalid: false, ViewerId: null, AllowVanity: true))).ToOk(HearthInvitePreview.From);

    private static async Task<Results<Ok<HearthServer>, ProblemHttpResult>> Join(string code, Caller caller, IMediator mediator) =>
        (await mediator.Send(new JoinInvite.Command(code, caller, AllowVanity: true))).ToOk(joined => HearthServer.From(joined.Server));

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string code, Caller caller, IMediator mediator) =>
        (await mediator.Send(new DeleteInvite.Command(caller, code))).ToNoContent();

    private static async Task<Results<Created<HearthInvite>, ProblemHttpResult>> Create(
        string id, CreateInviteRequest? body, Caller caller, IMediator mediator, IValidator<CreateInviteRequest> rules, TimeProvider time)
    {
        body ??= CreateInviteRequest.Defaults;
        await rules.ValidateAndThrowAsync(body);
        var command = new CreateInvite.Command(
            caller, InviteTarget.Channel(id), body.MaxUses ?? 0, body.ExpiresAt(time.GetUtcNow()), body.Temporary ?? false);
        return (await mediator.Send(command)).ToCreated(invite => $"/invites/{invite.Code}", HearthInvite.From);
    }

    private static async Task<Results<Ok<HearthInvitesRevoked>, ProblemHttpResult>> RevokeAll(string id, Caller caller, IMediator mediator) =>
        (await mediator.Send(new RevokeInvites.Command(caller, id))).ToOk(r => new HearthInvitesRevoked(r.Count, r.VanityCodeActive));

    private static async Task<Results<Ok<HearthInviteJoin[]>, ProblemHttpResult>> Joins(string code, Caller caller, IMediator mediator) =>
        (await mediator.Send(new ListInviteJoins.Query(caller, code))).ToOk(joins => joins.Select(HearthInviteJoin.From).ToArray());

    private static async Task<Results<Ok<HearthListedInvite[]>, ProblemHttpResult>> List(string id, Caller caller, IMediator mediator) =>
        (await mediator.Send(new ListInvites.Query(caller, id)))
        .ToOk(listing => listing.Invites.Select(HearthListedInvite.From).ToArray());
}
