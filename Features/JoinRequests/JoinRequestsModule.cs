using Carter;
using InviteService.Features.Members;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Paging;
using InviteService.Infrastructure.Validation;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InviteService.Features.JoinRequests;

/// <summary>
/// The join requests of approval links: the admins' routes (MANAGE_INVITES; MANAGE_SERVER implies it) and the applicant's
/// cancel. Asking is a join (POST /invites/{code}) on an invite with <c>requires_approval</c>.
/// </summary>
public sealed class JoinRequestsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/servers/{id}/join-requests").WithTags("Join requests");
        requests.MapGet("", List).WithName("ListJoinRequests").WithSummary("Pending join requests, oldest first, in pages; ?invite= for one code's (MANAGE_INVITES)").Problems(400, 401, 403, 404);
        requests.MapPost("/{userId}/approve", Approve).WithName("ApproveJoinRequest").WithSummary("Let the applicant in, consuming one use of their invite: the new member (MANAGE_INVITES)").Problems(400, 401, 403, 404);
        requests.MapPost("/{userId}/decline", Decline).WithName("DeclineJoinRequest").WithSummary("Decline a join request, optionally banning the applicant (MANAGE_INVITES; a ban needs BAN_MEMBERS)").Problems(400, 401, 403, 404, 413, 415);
        requests.MapDelete("/{userId}", Cancel).WithName("CancelJoinRequest").WithSummary("Withdraw your own join request (or, as an admin, decline it)").Problems(400, 401, 403, 404);
        requests.MapPost("/approve", ApproveAll).WithName("ApproveJoinRequests").WithSummary("Approve one invite's or the listed users' requests in arrival order, while uses last (MANAGE_INVITES)").Problems(400, 401, 403, 404, 413, 415);
        requests.MapPost("/decline", DeclineAll).WithName("DeclineJoinRequests").WithSummary("Decline one invite's or the listed users' requests (MANAGE_INVITES)").Problems(400, 401, 403, 404, 413, 415);
    }

    private static async Task<Results<PagedOk<JoinRequestResponse[]>, ProblemHttpResult>> List(
        string id, [AsParameters] JoinRequestFilter filter, [AsParameters] PageQuery page, Caller caller, IMediator mediator) =>
        (await mediator.Send(new ListJoinRequests.Query(caller, id, filter.Invite, page.Request()))).ToPage(JoinRequestResponse.From);

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> Approve(
        [AsParameters] JoinRequestTarget target, Caller caller, IMediator mediator) =>
        (await mediator.Send(new ApproveJoinRequest.Command(caller, target.Id, target.UserId))).ToOk(MemberResponse.From);

    private static async Task<Results<NoContent, ProblemHttpResult>> Decline(
        [AsParameters] JoinRequestTarget target, JsonBody<DeclineJoinRequestRequest> body, Caller caller, IMediator mediator) =>
        (await mediator.Send(new DeclineJoinRequest.Command(caller, target.Id, target.UserId, body.Value.Ban ?? false, body.Value.Reason))).ToNoContent();

    private static async Task<Results<NoContent, ProblemHttpResult>> Cancel([AsParameters] JoinRequestTarget target, Caller caller, IMediator mediator) =>
        (await mediator.Send(new CancelJoinRequest.Command(caller, target.Id, target.UserId))).ToNoContent();

    private static async Task<Results<Ok<JoinRequestsApproved>, ProblemHttpResult>> ApproveAll(
        string id, JsonBody<JoinRequestSelection> body, Caller caller, IMediator mediator) =>
        (await mediator.Send(new ApproveJoinRequests.Command(caller, id, body.Value.Invite, body.Value.UserIds)))
        .ToOk(o => new JoinRequestsApproved(o.Approved, o.LeftPending));

    private static async Task<Results<Ok<JoinRequestsDeclined>, ProblemHttpResult>> DeclineAll(
        string id, JsonBody<JoinRequestSelection> body, Caller caller, IMediator mediator) =>
        (await mediator.Send(new DeclineJoinRequests.Command(caller, id, body.Value.Invite, body.Value.UserIds)))
        .ToOk(declined => new JoinRequestsDeclined(declined));
}
