using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Http;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InviteService.Features.Invites;

/// <summary>The Hearth face of the invite slices: routes and wire shapes of seeds/hearth-invites-api.md.</summary>
public sealed class InvitesModule : IEndpointModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var invites = app.MapGroup("").WithTags("Invites");
        invites.MapGet("/invites/{code}", Preview).AllowAnonymous().WithName("PreviewInvite").Problems(404).ThrottleFailedLookups();
        invites.MapPost("/invites/{code}", Join).WithName("JoinInvite").Problems(400, 401, 403, 404).ThrottleFailedLookups();
        invites.MapDelete("/invites/{code}", Delete).WithName("DeleteInvite").Problems(401, 403, 404);
        invites.MapPost("/channels/{id}/invites", Create).WithName("CreateInvite").Problems(400, 401, 403, 404, 413, 415).OptionalBody<CreateInviteRequest>();
        invites.MapGet("/servers/{id}/invites", List).WithName("ListInvites").Problems(401, 403, 404);
        invites.MapDelete("/servers/{id}/invites", RevokeAll).WithName("RevokeInvites").Problems(401, 403, 404);
        invites.MapGet("/invites/{code}/joins", Joins).WithName("ListInviteJoins").Problems(401, 404).ThrottleFailedLookups();
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

/// <summary>The seed's invite object, as returned by create.</summary>
public sealed record HearthInvite(
    string Code, string GuildId, string ChannelId, string InviterId, long MaxUses, long Uses, string? ExpiresAt, bool Temporary, string CreatedAt)
{
    public static HearthInvite From(InviteRow i) =>
        new(i.Code, i.ServerId, i.ChannelId, i.InviterId, i.MaxUses, i.Uses, Time.Rfc3339(i.ExpiresAt), i.Temporary, Time.Rfc3339(i.CreatedAt));
}

/// <summary>GET /invites/{code}: the invite with its guild and channel; no inviter, since anyone may look.</summary>
public sealed record HearthInvitePreview(
    string Code, string GuildId, string ChannelId, long MaxUses, long Uses, string? ExpiresAt, bool Temporary, string CreatedAt,
    HearthInviteGuild Guild, HearthInviteChannel Channel)
{
    public static HearthInvitePreview From(PreviewInvite.Preview p)
    {
        var i = p.Invite;
        return new(i.Code, i.ServerId, i.ChannelId, i.MaxUses, i.Uses, Time.Rfc3339(i.ExpiresAt), i.Temporary, Time.Rfc3339(i.CreatedAt),
            new HearthInviteGuild(p.Server.Id, p.Server.Name, p.Server.IconUrl, p.Server.MemberCount),
            new HearthInviteChannel(p.Channel.Id, p.Channel.Name, p.Channel.Type));
    }
}

public sealed record HearthInviteGuild(string Id, string Name, string? IconUrl, long MemberCount);

public sealed record HearthInviteChannel(string Id, string Name, string Type);

/// <summary>An element of GET /servers/{id}/invites.</summary>
public sealed record HearthListedInvite(
    string Code, string ChannelId, string InviterId, long MaxUses, long Uses, string? ExpiresAt, bool Temporary, string CreatedAt)
{
    public static HearthListedInvite From(InviteRow i) =>
        new(i.Code, i.ChannelId, i.InviterId, i.MaxUses, i.Uses, Time.Rfc3339(i.ExpiresAt), i.Temporary, Time.Rfc3339(i.CreatedAt));
}
