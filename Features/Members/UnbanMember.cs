using Dapper;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Members;

/// <summary>DELETE /servers/{id}/bans/{userId}: lifts a ban (BAN_MEMBERS).</summary>
public static class UnbanMember
{
    public sealed record Command(Caller Caller, string ServerId, string UserId) : IRequest<Result<Unit>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Unit>>
    {
        public Task<Result<Unit>> Handle(Command command, CancellationToken cancellationToken) =>
            InServer.WriteAsync<Unit>(db, time, command.Caller, command.ServerId, Permission.BanMembers, async server =>
            {
                var lifted = await server.Connection.ExecuteAsync(Sql.Unban, new { command.ServerId, command.UserId }, server.Transaction);
                return lifted == 0 ? MemberErrors.UnknownBan : Unit.Value;
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string Unban = "DELETE FROM bans WHERE server_id = @ServerId AND user_id = @UserId";
    }
}
