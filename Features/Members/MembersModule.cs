using Carter;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Paging;
using InviteService.Infrastructure.Validation;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InviteService.Features.Members;

/// <summary>Management routes for members and bans.</summary>
public sealed class MembersModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var servers = app.MapGroup("/servers/{id}").WithTags("Members");
        servers.MapGet("/members", List).WithName("ListMembers").WithSummary("Members with the invite each joined through, oldest first, in pages (members only)").Problems(400, 401, 403, 404);
        servers.MapPatch("/members/{userId}", Update).WithName("UpdateMember").WithSummary("Set a member's permissions or roles; a role makes a temporary member permanent (MANAGE_SERVER)").Problems(400, 401, 403, 404, 413, 415);
        servers.MapDelete("/members/{userId}", Remove).WithName("RemoveMember").WithSummary("Leave (yourself) or kick (MANAGE_SERVER)").Problems(400, 401, 403, 404);
        servers.MapPost("/members/{userId}/voice-disconnect", Disconnect).WithName("VoiceDisconnect").WithSummary("Report a voice disconnect: removes a temporary member without a role (MANAGE_SERVER)").Problems(401, 403, 404);
        servers.MapPut("/bans/{userId}", Ban).WithName("BanMember").WithSummary("Ban a user: removes the membership and revokes their invites (BAN_MEMBERS)").Problems(400, 401, 403, 404, 413, 415);
        servers.MapDelete("/bans/{userId}", Unban).WithName("UnbanMember").WithSummary("Lift a ban (BAN_MEMBERS)").Problems(401, 403, 404);
    }

    private static async Task<Results<PagedOk<MemberResponse[]>, ProblemHttpResult>> List(
        string id, [AsParameters] PageQuery page, Caller caller, IMediator mediator) =>
        (await mediator.Send(new ListMembers.Query(caller, id, page.Request()))).ToPage(MemberResponse.From);

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> Update(
        string id, string userId, JsonBody<UpdateMemberRequest> body, Caller caller, IMediator mediator) =>
        (await mediator.Send(new UpdateMember.Command(caller, id, userId, body.Value.Permissions, body.Value.Roles))).ToOk(MemberResponse.From);

    private static async Task<Results<NoContent, ProblemHttpResult>> Remove(string id, string userId, Caller caller, IMediator mediator) =>
        (await mediator.Send(new RemoveMember.Command(caller, id, userId))).ToNoContent();

    private static async Task<Results<Ok<VoiceDisconnectResponse>, ProblemHttpResult>> Disconnect(
        string id, string userId, Caller caller, IMediator mediator) =>
        (await mediator.Send(new VoiceDisconnect.Command(caller, id, userId))).ToOk(o => new VoiceDisconnectResponse(o.UserId, o.Removed, o.Reason));

    private static async Task<Results<NoContent, ProblemHttpResult>> Ban(
        [AsParameters] BanTarget target, JsonBody<BanRequest> body, Caller caller, IMediator mediator) =>
        (await mediator.Send(new BanMember.Command(caller, target.Id, target.UserId, body.Value.Reason))).ToNoContent();

    private static async Task<Results<NoContent, ProblemHttpResult>> Unban(string id, string userId, Caller caller, IMediator mediator) =>
        (await mediator.Send(new UnbanMember.Command(caller, id, userId))).ToNoContent();
}
