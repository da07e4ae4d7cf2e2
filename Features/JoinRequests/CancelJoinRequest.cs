using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.JoinRequests;

/// <summary>
/// DELETE /servers/{id}/join-requests/{userId}: the applicant withdraws their own request (reason <c>cancelled</c>); an admin
/// who may answer requests (MANAGE_INVITES) may delete it too, which declines it (reason <c>declined</c>), as DELETE on a
/// member is leaving for yourself and a kick for an admin. Anyone else is refused before any request is looked at.
/// </summary>
public static class CancelJoinRequest
{
    public sealed record Command(Caller Caller, string ServerId, string UserId) : IRequest<Result<Unit>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Unit>>
    {
        public Task<Result<Unit>> Handle(Command command, CancellationToken cancellationToken)
        {
            var own = command.UserId == command.Caller.Id;
            return InServer.WriteAsync<Unit>(db, time, command.Caller, command.ServerId, own ? null : Permission.ManageInvites, async server =>
            {
                var ended = await PendingRequests.DeclineAsync(server.Connection, server.Transaction, command.ServerId, command.UserId,
                    own ? PendingRequests.Cancelled : PendingRequests.Declined, server.Now);
                return ended ? Unit.Value : JoinRequestErrors.UnknownRequest;
            }, cancellationToken, JoinRequestErrors.CannotAnswer);
        }
    }
}
