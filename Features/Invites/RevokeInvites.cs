using Dapper;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>
/// DELETE /servers/{id}/invites: soft-deletes every active invite of a server at once (stopping a raid). The server's vanity
/// code is not an invite and stays; the answer says whether it still admits joins (pausing invites stops every join).
/// </summary>
public static class RevokeInvites
{
    public sealed record Command(Caller Caller, string ServerId) : IRequest<Result<Revoked>>;

    public sealed record Revoked(long Count, bool VanityCodeActive);

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Revoked>>
    {
        public Task<Result<Revoked>> Handle(Command command, CancellationToken cancellationToken) =>
            db.WriteAsync<Revoked>(async (connection, transaction) =>
            {
                var now = time.Now();
                var access = await ServerAccess.RequireAsync(
                    connection, command.ServerId, command.Caller, now, Permission.ManageInvites, transaction, InviteErrors.CannotList);
                if (access.Error is { } denied) return denied;
                var revoked = (await connection.QueryAsync<(string Code, string ServerId)>(Sql.RevokeActive, new { command.ServerId, Now = now }, transaction)).AsList();
                await InviteEvents.DeletedAsync(connection, transaction, revoked, InviteEvents.Revoked, now);
                var count = revoked.Count;
                var hasVanity = await connection.ExecuteScalarAsync<bool>(Sql.HasVanity, new { command.ServerId }, transaction);
                return new Revoked(count, hasVanity && access.Value!.InvitesEnabled);
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string RevokeActive = $"""
            UPDATE invites AS i
            SET deleted_at = @Now,
                updated_at = @Now
            WHERE i.server_id = @ServerId
              AND {InviteRow.UsableWhere}
            RETURNING code AS Code, server_id AS ServerId
            """;

        public const string HasVanity = "SELECT vanity_code IS NOT NULL FROM servers WHERE id = @ServerId";
    }
}
