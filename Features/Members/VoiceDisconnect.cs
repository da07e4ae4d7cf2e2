using Dapper;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Members;

/// <summary>
/// POST /servers/{id}/members/{userId}/voice-disconnect: the host app reports that a member left every voice channel.
/// A temporary member without a role is removed (seed, "Temporary Membership"); anyone else stays.
/// </summary>
public static class VoiceDisconnect
{
    public sealed record Command(Caller Caller, string ServerId, string UserId) : IRequest<Result<Outcome>>;

    public sealed record Outcome(string UserId, bool Removed, string Reason);

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Outcome>>
    {
        public Task<Result<Outcome>> Handle(Command command, CancellationToken cancellationToken) =>
            InServer.WriteAsync<Outcome>(db, time, command.Caller, command.ServerId, Permission.ManageServer, async server =>
            {
                var member = await server.Connection.QuerySingleOrDefaultAsync<MemberRow>(
                    MemberRow.ByUser, new { command.ServerId, command.UserId }, server.Transaction);
                if (member is null) return MemberErrors.UnknownMember;
                if (!member.Temporary) return new Outcome(command.UserId, false, "not_temporary");
                if (member.RoleList.Length > 0) return new Outcome(command.UserId, false, "has_role");

                await Membership.RemoveAsync(server.Connection, server.Transaction, command.ServerId, command.UserId, Membership.TemporaryDisconnect, server.Now);
                return new Outcome(command.UserId, true, "temporary_without_role");
            }, cancellationToken);
    }
}
