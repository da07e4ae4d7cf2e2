using Dapper;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>
/// Soft-deletes every active invite of a server at once (stopping a raid). The server's vanity code is not an invite and
/// stays; the answer says whether it still admits joins (pausing invites stops every join).
/// </summary>
public static class RevokeInvites
{
    public sealed record Command(Caller Caller, string ServerId) : IRequest<Result<Revoked>>;

    public sealed record Revoked(long Count, bool VanityCodeActive);

    private static readonly InviteRetirement.Selection ActiveOfServer = new($"i.server_id = @ServerId AND {InviteRow.UsableWhere}");

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Revoked>>
    {
        public Task<Result<Revoked>> Handle(Command command, CancellationToken cancellationToken) =>
            InServer.WriteAsync<Revoked>(db, time, command.Caller, command.ServerId, Permission.ManageInvites, async server =>
            {
                var revoked = await InviteRetirement.RetireAsync(
                    server.Connection, server.Transaction, ActiveOfServer, new { command.ServerId }, InviteDeleted.Revoked, server.Now);
                var hasVanity = await server.Connection.ExecuteScalarAsync<bool>(Sql.HasVanity, new { command.ServerId }, server.Transaction);
                return new Revoked(revoked.Count, hasVanity && server.Access.InvitesEnabled);
            }, cancellationToken, InviteErrors.CannotList);
    }

    private static class Sql
    {
        public const string HasVanity = "SELECT vanity_code IS NOT NULL FROM servers WHERE id = @ServerId";
    }
}
