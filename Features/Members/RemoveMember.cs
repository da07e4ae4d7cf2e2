using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Members;

/// <summary>DELETE /servers/{id}/members/{userId}: leave when it is yourself, otherwise a kick (MANAGE_SERVER).</summary>
public static class RemoveMember
{
    public sealed record Command(Caller Caller, string ServerId, string UserId) : IRequest<Result<Unit>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Unit>>
    {
        public Task<Result<Unit>> Handle(Command command, CancellationToken cancellationToken)
        {
            var leaving = command.UserId == command.Caller.Id;
            return InServer.WriteAsync<Unit>(db, time, command.Caller, command.ServerId, leaving ? null : Permission.ManageServer, async server =>
            {
                if (server.Access.IsOwner(command.UserId)) return MemberErrors.OwnerCannotLeave;
                var removed = await Membership.RemoveAsync(
                    server.Connection, server.Transaction, command.ServerId, command.UserId, leaving ? Membership.Left : Membership.Kicked, server.Now);
                return removed == 0 ? MemberErrors.UnknownMember : Unit.Value;
            }, cancellationToken);
        }
    }
}
