using Carter;
using InviteService.Features.Invites;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Http;
using InviteService.Infrastructure.OpenApi;
using InviteService.Infrastructure.Paging;
using InviteService.Infrastructure.Validation;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InviteService.Features.Hearth;

/// <summary>
/// The Hearth face (seeds/hearth-invites-api.md): its routes, over the invite slices. Its rules: a code that does not admit
/// anyone now previews as 404, like an unknown one; a server's vanity code works like an invite; errors are problem+json.
/// </summary>
public sealed class HearthModule : ICarterModule
{
    /// <summary>This face's name in metrics.</summary>
    private const string Face = "hearth";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var invites = app.MapGroup("").WithTags("Invites");
        invites.MapGet("/invites/{code}", Preview).AllowAnonymous().WithName("PreviewInvite").WithSummary("Preview an invite or vanity code before joining (anonymous)").Example("hearth/preview", 200).Problems(404).ThrottleFailedLookups();
        invites.MapPost("/invites/{code}", Join).WithName("JoinInvite").WithSummary("Join a server through an invite or vanity code, consuming one use; through an approval link, ask to join (202, nothing consumed)").Example("hearth/join-server", 200).Problems(400, 401, 403, 404).ThrottleFailedLookups();
        invites.MapDelete("/invites/{code}", Delete).WithName("DeleteInvite").WithSummary("Delete an invite (its creator while a member, or MANAGE_INVITES); to a caller outside its server, 404 as for an unknown code").Problems(401, 403, 404).ThrottleFailedLookups();
        invites.MapPost("/channels/{id}/invites", Create).WithName("CreateInvite").WithSummary("Create an invite to a channel (CREATE_INVITE; roles: MANAGE_SERVER), within the server's invite policy").Example("hearth/create-request").Example("hearth/create", 201).Problems(400, 401, 403, 404, 413, 415);
        invites.MapGet("/servers/{id}/invites", List).WithName("ListInvites").WithSummary("A server's active invites, newest first; all of them unless limit is given; with status, the invites of that status, each with it, in pages (MANAGE_INVITES)").Example("hearth/list", 200).Problems(400, 401, 403, 404);
        invites.MapDelete("/servers/{id}/invites", RevokeAll).WithName("RevokeInvites").WithSummary("Revoke every active invite of a server at once (MANAGE_INVITES)").Problems(401, 403, 404);
        invites.MapPost("/invites/{code}/joins/remove", RemoveJoins).WithName("RemoveInviteJoins").WithSummary("Remove, in one call, every member who joined through an invite or vanity code (since a time): kicked (MANAGE_SERVER) or banned (BAN_MEMBERS); those the caller may not remove are skipped and listed").Problems(400, 401, 403, 404, 413, 415).ThrottleFailedLookups();
        invites.MapGet("/invites/{code}/joins", Joins).WithName("ListInviteJoins").WithSummary("Who joined through an invite or vanity code, newest first, in pages (MANAGE_INVITES)").Problems(400, 401, 404).ThrottleFailedLookups();
    }

    /// <summary>Anyone may look; a code that admits no one now (expired, used up, paused) is as unknown as a made-up one.</summary>
    private static async Task<Results<Ok<HearthInvitePreview>, ProblemHttpResult>> Preview(string code, IMediator mediator)
    {
        var found = await mediator.Send(new PreviewInvite.Query(code));
        return found.IsSuccess && !found.Value!.Admits ? ErrorWriter.Problem(InviteErrors.NotFound) : found.ToOk(HearthInvitePreview.From);
    }

    /// <summary>
    /// 200 with the server; through an approval link, 202 with the request that waits for an admin. A user not listed on a
    /// restricted invite is refused as a guesser is: it costs a failed-lookup permit.
    /// </summary>
    private static async Task<Results<Ok<HearthServer>, Accepted<HearthJoinPending>, ProblemHttpResult>> Join(
        string code, Caller caller, IMediator mediator, InviteMetrics metrics, HttpContext context)
    {
        var result = metrics.Join(Face, await mediator.Send(new JoinInvite.Command(code, caller)));
        if (result.Error == InviteErrors.NotInvited) FailedLookup.Count(context);
        if (!result.IsSuccess) return ErrorWriter.Problem(result.Error!);
        var joined = result.Value!;
        return joined.Pending is { } pending
            ? TypedResults.Accepted((string?)null, HearthJoinPending.From(pending))
            : TypedResults.Ok(HearthServer.From(joined.Server));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string code, Caller caller, IMediator mediator) =>
        (await mediator.Send(new DeleteInvite.Command(caller, code))).ToNoContent();

    private static async Task<Results<Created<HearthInvite>, ProblemHttpResult>> Create(
        string id, JsonBody<CreateInviteRequest> body, Caller caller, IMediator mediator, TimeProvider time, InviteMetrics metrics)
    {
        var request = body.Value;
        var command = new CreateInvite.Command(
            caller, InviteTarget.Channel(id), request.MaxUses ?? 0, request.ExpiresAt(time.GetUtcNow()), request.Temporary ?? false)
        {
            RequiresApproval = request.RequiresApproval ?? false, Name = request.Name, Roles = request.Roles ?? [], AllowedUserIds = request.AllowedUserIds,
            MaxUsesLeftOut = request.MaxUses is null, LifetimeLeftOut = request.MaxAge is null,
        };
        var created = metrics.Created(Face, await mediator.Send(command));
        if (created.Error is InvitePolicy.Refusal refusal) return ErrorWriter.Problem(Problems.Validation(HearthPolicyRefusal.Errors(refusal)));
        return created.ToCreated(invite => $"/invites/{invite.Code}", HearthInvite.From);
    }

    private static async Task<Results<Ok<HearthInvitesRevoked>, ProblemHttpResult>> RevokeAll(string id, Caller caller, IMediator mediator) =>
        (await mediator.Send(new RevokeInvites.Command(caller, id))).ToOk(r => new HearthInvitesRevoked(r.Count, r.VanityCodeActive));

    private static async Task<Results<Ok<HearthJoinsRemoved>, ProblemHttpResult>> RemoveJoins(
        string code, JsonBody<RemoveJoinsRequest> body, Caller caller, IMediator mediator)
    {
        var request = body.Value;
        return (await mediator.Send(new RemoveInviteJoins.Command(caller, code, request.Since, request.Ban ?? false, request.Reason)))
            .ToOk(r => new HearthJoinsRemoved(r.Kicked.Count, r.Banned.Count, r.Skipped));
    }

    private static async Task<Results<PagedOk<HearthInviteJoin[]>, ProblemHttpResult>> Joins(
        string code, [AsParameters] PageQuery page, Caller caller, IMediator mediator) =>
        (await mediator.Send(new ListInviteJoins.Query(caller, code, page.Request()))).ToPage(HearthInviteJoin.From);

    private static async Task<Results<PagedOk<HearthListedInvite[]>, ProblemHttpResult>> List(
        string id, [AsParameters] PageQuery page, [AsParameters] HearthInviteListQuery filter, Caller caller, IMediator mediator) =>
        (await mediator.Send(new ListInvites.Query(caller, id, page.Request(), filter.Filter()))).ToPage(listing => listing.Invites, HearthListedInvite.From);
}
