using Dapper;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>DELETE /servers/{id}/invites: soft-deletes every active invite of a server at once (stopping a raid).</summary>
public static class RevokeInvites
{
    public sealed record Command(Caller Caller, string ServerId) : IRequest<Result<long>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<long>>
    {
        public Task<Result<long>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<long>(async (connection, transaction) =>
            {
                var now = time.Now();
                var access = await ServerAccess.LoadAsync(connection, command.ServerId, command.Caller, now, transaction);
                if (access is null) return InviteErrors.UnknownServer;
                if (!access.HasAny(command.Caller.Id, Permission.ManageServer, Permission.ManageInvites)) return InviteErrors.CannotList;
                return (long)await connection.ExecuteAsync(Sql.RevokeActive, new { command.ServerId, Now = now }, transaction);
            });
    }

    private static class Sql
    {
        public const string RevokeActive = $"""
            UPDATE invites AS i
            SET deleted_at = @Now,
                updated_at = @Now
            WHERE i.server_id = @ServerId
              AND {InviteRow.ActiveWhere}
            """;
    }
}

public sealed record HearthInvitesRevoked(long Revoked);
