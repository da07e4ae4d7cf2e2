using Dapper;
using InviteService.Features.Invites;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
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
        public Task<Result<Unit>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<Unit>(async (connection, transaction) =>
            {
                var leaving = command.UserId == command.Caller.Id;
                var access = await ServerAccess.RequireAsync(
                    connection, command.ServerId, command.Caller, time.Now(), leaving ? null : Permission.ManageServer, transaction);
                if (access.Error is { } denied) return denied;
                if (access.Value!.IsOwner(command.UserId)) return MemberErrors.OwnerCannotLeave;

                var removed = await Membership.RemoveAsync(
                    connection, transaction, command.ServerId, command.UserId, leaving ? Membership.Left : Membership.Kicked, time.Now());
                return removed == 0 ? MemberErrors.UnknownMember : Unit.Value;
            }, cancellationToken);
    }
}
