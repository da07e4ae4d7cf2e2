using Dapper;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Paging;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>
/// A server's usable invites, newest first, for those who manage invites (MANAGE_INVITES; MANAGE_SERVER implies it). All
/// of them unless the caller asks for pages (as the seeds show a list; the server's cap on active invites bounds it).
/// </summary>
public static class ListInvites
{
    public sealed record Query(Caller Caller, string ServerId, PageRequest Page) : IRequest<Result<Listing>>;

    /// <param name="Total">How many usable invites the server has, on every page together.</param>
    /// <param name="MaxAllowed">The server's cap on active invites; null when unlimited.</param>
    /// <param name="InvitesEnabled">Whether the server takes invites now (not paused).</param>
    public sealed record Listing(Page<InviteRow> Invites, long Total, long? MaxAllowed, bool InvitesEnabled);

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<Listing>>
    {
        public Task<Result<Listing>> Handle(Query query, CancellationToken cancellationToken) =>
            InServer.ReadAsync<Listing>(db, time, query.Caller, query.ServerId, Permission.ManageInvites, async server =>
            {
                var keyset = query.Page.Keyset(defaultLimit: null, descending: true);
                var parameters = new { query.ServerId, server.Now, keyset.AfterAt, keyset.AfterId, keyset.Take };
                var page = keyset.Cut((await server.Connection.QueryAsync<InviteRow>(Sql.Page, parameters)).AsList(), i => new Cursor(i.CreatedAt, i.Id));
                // One page from the start is every invite; otherwise they are counted.
                var total = page.Next is null && keyset.After is null
                    ? page.Items.Count
                    : await server.Connection.ExecuteScalarAsync<long>(InviteRow.CountUsable, parameters);
                return new Listing(page, total, server.Access.MaxInvites, server.Access.InvitesEnabled);
            }, cancellationToken, InviteErrors.CannotList);
    }

    private static class Sql
    {
        public const string Page = $"""
            SELECT {InviteRow.Columns}
            FROM invites i
            JOIN users u ON u.id = i.inviter_id
            WHERE i.server_id = @ServerId
              AND {InviteRow.UsableWhere}
              AND (i.created_at, i.id) < (@AfterAt, @AfterId)
            ORDER BY i.created_at DESC, i.id DESC
            LIMIT @Take
            """;
    }
}
