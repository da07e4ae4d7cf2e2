using Carter;
using InviteService.Features.Invites;
using InviteService.Features.LandingPage;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Http;
using InviteService.Infrastructure.OpenApi;
using InviteService.Infrastructure.Paging;
using InviteService.Infrastructure.Validation;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InviteService.Features.Messenger;

/// <summary>
/// The Messenger face (seeds/messenger-invites-api.md): the invite slices behind that API's routes and JSON. A thread is a
/// server, a participant a member. The rules that belong to this face alone are here:
/// <list type="bullet">
/// <item>a thread's invites are server-wide invites, and only its admins and invite managers list, create and delete
/// them, and only while its invitations are on;</item>
/// <item>an expired or used-up invite previews with <c>is_valid: false</c> rather than as unknown;</item>
/// <item>a server's vanity code is not an invite here;</item>
/// <item>every refusal but "unknown" is one 403 with the endpoint's own text; errors are <c>{"message": …}</c>.</item>
/// </list>
/// </summary>
public sealed class MessengerModule : ICarterModule
{
    private const string ThreadNotFound = "Unable to locate the thread you requested.";
    private const string InviteNotFound = "Unable to locate the invite you requested.";

    /// <summary>This face's name in metrics.</summary>
    private const string Face = "messenger";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var messenger = app.MapGroup(MessengerErrorShape.Prefix).WithTags("Messenger");
        messenger.MapGet("/threads/{thread}/invites", List).WithName("MessengerListInvites").WithSummary("A thread's active invites, newest first; all of them unless limit is given, and meta.total counts them all (admin or manage_invites)").Example("messenger/list", 200).Messages(401, 403, 404, 422);
        messenger.MapPost("/threads/{thread}/invites", Create).WithName("MessengerCreateInvite").WithSummary("Create a thread invite (admin or manage_invites), within the thread's invite policy").Example("messenger/create-request").Example("messenger/create", 201).Messages(401, 403, 404, 413, 415, 422);
        messenger.MapDelete("/threads/{thread}/invites/{invite}", Delete).WithName("MessengerDeleteInvite").WithSummary("Delete a thread invite (admin or manage_invites)").Example("messenger/delete", 200).Messages(401, 403, 404);
        messenger.MapGet("/join/{code}", Preview).AllowAnonymous().WithName("MessengerPreviewInvite").WithSummary("Preview an invite before joining (anonymous); expired or used-up invites answer is_valid: false").Example("messenger/join-preview", 200).Messages(404).ThrottleFailedLookups();
        // The web side of this face: the route links it hands out, and the avatar URLs it emits, resolve.
        LandingPageModule.ShowAt(app, MessengerOptions.JoinPagePrefix).WithName("MessengerJoinPage");
        app.MapGet(MessengerErrorShape.Prefix + "/images/user/{userId}/{size}/{file}", Avatars.ServeSized).AllowAnonymous().WithTags("Messenger").WithName("MessengerAvatar").DescribeAvatar().Messages(404);
        app.MapGet("/images/user/{userId}/{size}/{file}", Avatars.ServeSized).AllowAnonymous().WithTags("Messenger").WithName("MessengerWebAvatar").DescribeAvatar().Problems(404);
        messenger.MapPost("/join/{code}", Join).WithName("MessengerJoinInvite").WithSummary("Join a thread through an invite").Example("messenger/join", 201).CreatedWithoutLocationHeader().Messages(401, 403, 404).ThrottleFailedLookups();
    }

    /// <summary>In pages like every list, in this face's <c>{data, meta}</c>: <c>meta.total</c> counts every page's invites.</summary>
    private static async Task<Results<PagedOk<MessengerInviteList>, JsonHttpResult<MessengerMessage>>> List(
        string thread, [AsParameters] PageQuery page, Caller caller, IMediator mediator, IOptions<MessengerOptions> options)
    {
        const string denied = "Not authorized to view thread invites.";
        var result = await mediator.Send(new ListInvites.Query(caller, thread, page.Request()));
        if (!result.IsSuccess) return Refuse(result.Error!, ThreadNotFound, denied);
        var listing = result.Value!;
        if (!listing.InvitesEnabled) return Forbidden(denied);
        return new PagedOk<MessengerInviteList>(MessengerInviteList.From(listing, options.Value), listing.Invites.Next);
    }

    private static async Task<Results<Created<MessengerInviteCreated>, JsonHttpResult<MessengerMessage>, JsonHttpResult<MessengerValidationError>>> Create(
        string thread, JsonBody<MessengerCreateInviteRequest> body, Caller caller, IMediator mediator, IOptions<MessengerOptions> options, TimeProvider time,
        InviteMetrics metrics)
    {
        var request = body.Value;
        // A thread's invites open on its default channel, which only its admins and invite managers may hand out.
        var expiresLeftOut = request.ReadExpiry() is null;
        var result = metrics.Created(Face, await mediator.Send(new CreateInvite.Command(
            caller, InviteTarget.ServerWide(thread), request.Uses!.Value, request.ExpiresAt(time.GetUtcNow()), Temporary: false)
        {
            LifetimeLeftOut = expiresLeftOut,
        }));
        if (result.Error is InvitePolicy.Refusal refusal) return MessengerErrorShape.Invalid(MessengerPolicyRefusal.Errors(refusal, expiresLeftOut));
        if (result.IsSuccess)
        {
            var invite = result.Value!;
            return TypedResults.Created(options.Value.JoinRoute(invite.Code), MessengerInviteCreated.From(invite, options.Value));
        }

        const string denied = "Not authorized to create thread invites.";
        return Refuse(result.Error!, ThreadNotFound,
            result.Error == InviteErrors.MaxInvites ? denied + " You have the max allowed active invites." : denied);
    }

    private static async Task<Results<Ok<MessengerMessage>, JsonHttpResult<MessengerMessage>>> Delete(
        string thread, string invite, Caller caller, IMediator mediator)
    {
        const string denied = "Not authorized to destroy thread invite.";
        var found = await mediator.Send(new FindInvite.Query(thread, invite));
        if (found.Error is { } missing) return Refuse(missing, missing == ServerErrors.UnknownServer ? ThreadNotFound : InviteNotFound, denied);

        // Only thread admins and invite managers delete (not an invite's creator as such), and only while invitations are on.
        var standing = await mediator.Send(new ServerAccess.Query(caller, thread));
        if (standing.Error is { } unknown) return Refuse(unknown, ThreadNotFound, denied);
        if (!standing.Value!.Has(caller.Id, Permission.ManageInvites) || !standing.Value.InvitesEnabled) return Forbidden(denied);

        var result = await mediator.Send(new DeleteInvite.Command(caller, found.Value!));
        if (result.IsSuccess) return TypedResults.Ok(new MessengerMessage("success"));
        return Refuse(result.Error!, InviteNotFound, denied);
    }

    private static async Task<Results<Ok<MessengerJoinPreview>, JsonHttpResult<MessengerMessage>>> Preview(
        string code, Caller? caller, IMediator mediator, IOptions<MessengerOptions> options)
    {
        var found = await FindInviteAsync(mediator, code, caller?.Id);
        if (found.Error is { } missing) return Refuse(missing, InviteNotFound, InviteNotFound);
        return TypedResults.Ok(MessengerJoinPreview.From(found.Value!, caller is not null, options.Value));
    }

    private static async Task<Results<Created<MessengerParticipant>, JsonHttpResult<MessengerMessage>>> Join(
        string code, Caller caller, IMediator mediator, IOptions<MessengerOptions> options, InviteMetrics metrics, HttpContext context)
    {
        const string denied = "Not authorized to join with that invite.";
        var found = await FindInviteAsync(mediator, code, caller.Id);
        if (found.Error is { } missing) return Refuse(metrics.JoinRefused(Face, missing), InviteNotFound, denied);

        // Every refusal but an unknown code is the same 403 on this face: already in, banned, paused, expired, used up, not
        // listed on a restricted invite (which costs a failed-lookup permit, as on the Hearth face). Through an approval link
        // the participant is shown pending: it exists once an admin approves the request.
        var result = metrics.Join(Face, await mediator.Send(new JoinInvite.Command(code, caller)));
        if (result.Error == InviteErrors.NotInvited) FailedLookup.Count(context);
        if (!result.IsSuccess) return Refuse(result.Error!, InviteNotFound, denied);
        var joined = result.Value!;
        return TypedResults.Created((string?)null, MessengerParticipant.From(joined.Member, options.Value, pending: joined.Pending is not null));
    }

    /// <summary>The invite a code names; a server's vanity code is not an invite on this face, so it is as unknown as a made-up code.</summary>
    private static async Task<Result<ResolvedCode>> FindInviteAsync(IMediator mediator, string code, string? viewerId)
    {
        var found = await mediator.Send(new PreviewInvite.Query(code, viewerId));
        return found.IsSuccess && found.Value!.IsVanity ? InviteErrors.NotFound : found;
    }

    /// <summary>404s get the face's "Unable to locate …" text; every other refusal is a 403 with the endpoint's text.</summary>
    private static JsonHttpResult<MessengerMessage> Refuse(Error error, string notFound, string forbidden) =>
        error.Kind == ErrorKind.NotFound
            ? TypedResults.Json(new MessengerMessage(notFound), statusCode: StatusCodes.Status404NotFound)
            : Forbidden(forbidden);

    private static JsonHttpResult<MessengerMessage> Forbidden(string message) =>
        TypedResults.Json(new MessengerMessage(message), statusCode: StatusCodes.Status403Forbidden);
}

internal static class MessengerEndpointExtensions
{
    /// <summary>Documents the <c>{"message"}</c> answers an endpoint can give (422 also has <c>errors</c>).</summary>
    public static RouteHandlerBuilder Messages(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            if (status == StatusCodes.Status422UnprocessableEntity) builder.Produces<MessengerValidationError>(status);
            else builder.Produces<MessengerMessage>(status);
        }

        return builder;
    }
}
