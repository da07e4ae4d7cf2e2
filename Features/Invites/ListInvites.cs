using Dapper;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>A server's usable invites, newest first, for those who manage invites (MANAGE_INVITES; MANAGE_SERVER implies it).</summary>
public static class ListInvites
{
    /// <param name="OnlyWhileInvitesEnabled">Refuse while the server's invites are paused (the Messenger face's rule).</param>
    public sealed record Query(Caller Caller, string ServerId, bool OnlyWhileInvitesEnabled = false) : IRequest<Result<Listing>>;

    /// <param name="MaxAllowed">The server's cap on active invites; null when unlimited.</param>
    public sealed record Listing(IReadOnlyList<InviteRow> Invites, long? MaxAllowed);

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<Listing>>
    {
        public Task<Result<Listing>> Handle(Query query, CancellationToken cancellationToken) =>
            db.ReadAsync<Result<Listing>>(async connection =>
            {
                var now = time.Now();
                var access = await ServerAccess.RequireAsync(
                    connection, query.ServerId, query.Caller, now, Permission.ManageInvites, denied: InviteErrors.CannotList);
                if (access.Error is { } denied) return denied;
                if (query.OnlyWhileInvitesEnabled && !access.Value!.InvitesEnabled) return InviteErrors.CannotList;

                var invites = await connection.QueryAsync<InviteRow>(Sql.Usable, new { query.ServerId, Now = now });
                return new Listing(invites.AsList(), access.Value!.MaxInvites);
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string Usable = $"""
            SELECT {InviteRow.Columns}
            FROM invites i
            JOIN users u ON u.id = i.inviter_id
            WHERE i.server_id = @ServerId
              AND {InviteRow.UsableWhere}
            ORDER BY i.created_at DESC, i.id DESC
            """;
    }
}
