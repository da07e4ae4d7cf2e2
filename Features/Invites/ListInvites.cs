using Dapper;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>A server's usable invites, newest first, for those who manage invites (MANAGE_INVITES; MANAGE_SERVER implies it).</summary>
public static class ListInvites
{
    public sealed record Query(Caller Caller, string ServerId) : IRequest<Result<Listing>>;

    /// <param name="MaxAllowed">The server's cap on active invites; null when unlimited.</param>
    /// <param name="InvitesEnabled">Whether the server takes invites now (not paused).</param>
    public sealed record Listing(IReadOnlyList<InviteRow> Invites, long? MaxAllowed, bool InvitesEnabled);

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<Listing>>
    {
        public Task<Result<Listing>> Handle(Query query, CancellationToken cancellationToken) =>
            InServer.ReadAsync<Listing>(db, time, query.Caller, query.ServerId, Permission.ManageInvites, async server =>
            {
                var invites = await server.Connection.QueryAsync<InviteRow>(Sql.Usable, new { query.ServerId, Now = server.Now });
                return new Listing(invites.AsList(), server.Access.MaxInvites, server.Access.InvitesEnabled);
            }, cancellationToken, InviteErrors.CannotList);
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
