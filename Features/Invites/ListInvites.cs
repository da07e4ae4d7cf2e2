using Dapper;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>GET /servers/{id}/invites: a server's active invites, newest first, for those who manage invites.</summary>
public static class ListInvites
{
    public sealed record Query(Caller Caller, string ServerId, InvitePolicy Policy) : IRequest<Result<Listing>>;

    /// <param name="MaxAllowed">The server's cap on active invites; null when unlimited.</param>
    public sealed record Listing(IReadOnlyList<InviteRow> Invites, long? MaxAllowed);

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<Listing>>
    {
        public Task<Result<Listing>> Handle(Query query, CancellationToken cancellationToken) =>
            db.ReadAsync<Result<Listing>>(async connection =>
            {
                var access = await ServerAccess.LoadAsync(connection, query.ServerId, query.Caller, time.Now());
                if (access is null) return InviteErrors.UnknownServer;

                var allowed = access.HasAny(query.Caller.Id, Permission.ManageServer, Permission.ManageInvites) &&
                              (query.Policy == InvitePolicy.Hearth || access.InvitesEnabled);
                if (!allowed) return InviteErrors.CannotList;

                var invites = await connection.QueryAsync<InviteRow>(Sql.Active, new { query.ServerId, Now = time.Now() });
                return new Listing(invites.AsList(), access.MaxInvites);
            });
    }

    private static class Sql
    {
        public const string Active = $"""
            SELECT {InviteRow.Columns}
            FROM invites i
            JOIN users u ON u.id = i.inviter_id
            WHERE i.server_id = @ServerId
              AND {InviteRow.ActiveWhere}
            ORDER BY i.created_at DESC, i.id DESC
            """;
    }
}
