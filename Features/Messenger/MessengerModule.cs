using Carter;
using InviteService.Features.Invites;
using InviteService.Features.LandingPage;
using InviteService.Features.Servers;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Http;
using InviteService.Infrastructure.OpenApi;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InviteService.Features.Messenger;

/// <summary>
/// The Messenger face: the same invite slices behind the routes and JSON of seeds/messenger-invites-api.md.
/// A thread is a server, a participant a member. Errors are <c>{"message": …}</c> with the texts that API's clients expect.
/// </summary>
public sealed class MessengerModule : ICarterModule
{
    private const string ThreadNotFound = "Unable to locate the thread you requested.";
    private const string InviteNotFound = "Unable to locate the invite you requested.";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var messenger = app.MapGroup(MessengerErrorShape.Prefix).WithTags("Messenger");
        messenger.MapGet("/threads/{thread}/invites", List).WithName("MessengerListInvites").WithSummary("A thread's active invites (admin or manage_invites)").Example("messenger/list", 200).Messages(401, 403, 404);
        messenger.MapPost("/threads/{thread}/invites", Create).WithName("MessengerCreateInvite").WithSummary("Create a thread invite (admin or manage_invites)").Example("messenger/create-request").Example("messenger/create", 201).Messages(401, 403, 404, 413, 415, 422).OptionalBody<MessengerCreateInviteRequest>();
        messenger.MapDelete("/threads/{thread}/invites/{invite}", Delete).WithName("MessengerDeleteInvite").WithSummary("Delete a thread invite (admin or manage_invites)").Example("messenger/delete", 200).Messages(401, 403, 404);
        messenger.MapGet("/join/{code}", Preview).AllowAnonymous().WithName("MessengerPreviewInvite").WithSummary("Preview an invite before joining (anonymous); expired or used-up invites answer is_valid: false").Example("messenger/join-preview", 200).Messages(404).ThrottleFailedLookups();
        // The web side of this face: the route links it hands out, and the avatar URLs it emits, resolve.
        LandingPageModule.ShowAt(app, "/messenger/join/").WithName("MessengerJoinPage");
        app.MapGet(MessengerErrorShape.Prefix + "/images/user/{userId}/{size}/{file}", Avatars.ServeAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/images/user/{userId}/{size}/{file}", Avatars.ServeAsync).AllowAnonymous().ExcludeFromDescription();
        messenger.MapPost("/join/{code}", Join).WithName("MessengerJoinInvite").WithSummary("Join a thread through an invite").Example("messenger/join", 201).Messages(401, 403, 404).ThrottleFailedLookups();
    }

    private static async Task<Results<Ok<MessengerInviteList>, JsonHttpResult<MessengerMessage>>> List(
        string thread, Caller caller, IMediator mediator, IOptions<MessengerOptions> options)
    {
        var result = await mediator.Send(new ListInvites.Query(caller, thread, OnlyWhileInvitesEnabled: true));
        if (result.IsSuccess) return TypedResults.Ok(MessengerInviteList.From(result.Value!, options.Value));
        return Refuse(result.Error!, ThreadNotFound, "Not authorized to view thread invites.");
    }

    private static async Task<Results<Created<MessengerInviteCreated>, JsonHttpResult<MessengerMessage>>> Create(
        string thread, MessengerCreateInviteRequest? body, Caller caller, IMediator mediator, IOptions<MessengerOptions> options,
        IValidator<MessengerCreateInviteRequest> rules, TimeProvider time)
    {
        body ??= MessengerCreateInviteRequest.Absent;
        await rules.ValidateAndThrowAsync(body);
        // A thread's invites open on its default channel; only thread admins and invite managers create them.
        var result = await mediator.Send(new CreateInvite.Command(
            caller, InviteTarget.DefaultChannelOf(thread), body.Uses!.Value, body.ExpiresAt(time.GetUtcNow()), Temporary: false,
            Needs: Permission.ManageInvites));
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

        // Only thread admins and invite managers delete, and only while the thread's invitations are on.
        var result = await mediator.Send(new DeleteInvite.Command(caller, found.Value!, CreatorMay: false, OnlyWhileInvitesEnabled: true));
        if (result.IsSuccess) return TypedResults.Ok(new MessengerMessage("success"));
        return Refuse(result.Error!, InviteNotFound, denied);
    }

    private static async Task<Results<Ok<MessengerJoinPreview>, JsonHttpResult<MessengerMessage>>> Preview(
        string code, Caller? caller, IMediator mediator, IOptions<MessengerOptions> options)
    {
        var result = await mediator.Send(new PreviewInvite.Query(code, IncludeInvalid: true, ViewerId: caller?.Id));
        if (result.IsSuccess) return TypedResults.Ok(MessengerJoinPreview.From(result.Value!, caller is not null, options.Value));
        return Refuse(result.Error!, InviteNotFound, InviteNotFound);
    }

    private static async Task<Results<Created<MessengerParticipant>, JsonHttpResult<MessengerMessage>>> Join(
        string code, Caller caller, IMediator mediator, IOptions<MessengerOptions> options)
    {
        var result = await mediator.Send(new JoinInvite.Command(code, caller));
        if (result.IsSuccess)
        {
            var member = result.Value!.Member;
            return TypedResults.Created((string?)null, MessengerParticipant.From(member, options.Value));
        }

        // Every refusal but an unknown code is the same 403 on this face: already in, banned, paused, expired, used up.
        return Refuse(result.Error!, InviteNotFound, "Not authorized to join with that invite.");
    }

    /// <summary>404s get the face's "Unable to locate …" text; every other refusal is a 403 with the endpoint's text.</summary>
    private static JsonHttpResult<MessengerMessage> Refuse(Error error, string notFound, string forbidden) =>
        error.Kind == ErrorKind.NotFound
            ? TypedResults.Json(new MessengerMessage(notFound), statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Json(new MessengerMessage(forbidden), statusCode: StatusCodes.Status403Forbidden);
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
