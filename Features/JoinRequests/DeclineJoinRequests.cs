using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.JoinRequests;

/// <summary>
/// POST /servers/{id}/join-requests/decline (MANAGE_INVITES): declines every pending request made through one invite, or
/// those of the listed users (reason <c>declined</c>), in one write; listed users without one are passed over.
/// </summary>
public static class DeclineJoinRequests
{
    public sealed record Command(Caller Caller, string ServerId, string? Invite, string[]? UserIds) : IRequest<Result<long>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<long>>
    {
        public Task<Result<long>> Handle(Command command, CancellationToken cancellationToken) =>
            InServer.WriteAsync<long>(db, time, command.Caller, command.ServerId, Permission.ManageInvites, async server =>
            {
                var (connection, transaction, _, now) = server;
                if (command.Invite is { } code)
                {
                    return await PendingRequests.DeclineThroughAsync(connection, transaction, command.ServerId, code, PendingRequests.Declined, now);
                }

                long declined = 0;
                foreach (var userId in command.UserIds!.Distinct(StringComparer.Ordinal))
                {
                    if (await PendingRequests.DeclineAsync(connection, transaction, command.ServerId, userId, PendingRequests.Declined, now)) declined++;
                }

                return declined;
            }, cancellationToken, JoinRequestErrors.CannotAnswer);
    }
}
