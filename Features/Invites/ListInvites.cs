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
/// Asked for a status (<see cref="StatusFilter"/>), the invites of that status, each with it, in pages of
/// <see cref="PageQuery.DefaultLimit"/> by default: that list holds invites of the past too, which no cap bounds.
/// </summary>
public static class ListInvites
{
    /// <param name="Status">Null: the usable invites, as the seeds show them. Else which invites, each with its status.</param>
    public sealed record Query(Caller Caller, string ServerId, PageRequest Page, StatusFilter? Status = null) : IRequest<Result<Listing>>;

    /// <summary>A status to list, or every invite (<see cref="Only"/> null).</summary>
    public sealed record StatusFilter(InviteStatus? Only);

    /// <param name="Total">How many usable invites the server has, on every page together.</param>
    /// <param name="MaxAllowed">The server's cap on active invites; null when unlimited.</param>
    /// <param name="InvitesEnabled">Whether the server takes invites now (not paused).</param>
    public sealed record Listing(Page<InviteRow> Invites, long Total, long? MaxAllowed, bool InvitesEnabled);

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<Listing>>
    {
        public Task<Result<Listing>> Handle(Query query, CancellationToken cancellationToken) =>
            InServer.ReadAsync<Listing>(db, time, query.Caller, query.ServerId, Permission.ManageInvites, async server =>
            {
                var keyset = query.Page.Keyset(defaultLimit: query.Status is null ? null : PageQuery.DefaultLimit, descending: true);
                var parameters = new { query.ServerId, server.Now, keyset.AfterAt, keyset.AfterId, keyset.Take };
                var sql = query.Status is { } filter ? Sql.ByStatus[filter] : Sql.Page;
                var page = keyset.Cut((await server.Connection.QueryAsync<InviteRow>(sql, parameters)).AsList(), i => new Cursor(i.CreatedAt, i.Id));
                if (query.Status is not null)
                {
                    foreach (var invite in page.Items) invite.Status = InviteStatuses.Of(invite, server.Now);
                }

                // One page from the start of the usable invites is every one of them; otherwise they are counted.
                var total = query.Status is null && page.Next is null && keyset.After is null
                    ? page.Items.Count
                    : await server.Connection.ExecuteScalarAsync<long>(InviteRow.CountUsable, parameters);
                return new Listing(page, total, server.Access.MaxInvites, server.Access.InvitesEnabled);
            }, cancellationToken, InviteErrors.CannotList);
    }

    private static class Sql
    {
        public const string Page = $"""
            SELECT {InviteRow.Columns},
                   {AllowedUserCount}
            FROM invites i
            JOIN users u ON u.id = i.inviter_id
            WHERE i.server_id = @ServerId
              AND {InviteRow.UsableWhere}
              AND (i.created_at, i.id) < (@AfterAt, @AfterId)
            ORDER BY i.created_at DESC, i.id DESC
            LIMIT @Take
            """;

        /// <summary>A page of the invites of each filter, built once.</summary>
        public static readonly IReadOnlyDictionary<StatusFilter, string> ByStatus =
            new InviteStatus?[] { null, InviteStatus.Active, InviteStatus.Expired, InviteStatus.UsedUp, InviteStatus.Revoked }
                .ToDictionary(s => new StatusFilter(s), s => $"""
                    SELECT {InviteRow.Columns},
                           {AllowedUserCount}
                    FROM invites i
                    JOIN users u ON u.id = i.inviter_id
                    WHERE i.server_id = @ServerId
                      AND {InviteStatuses.Where(s)}
                      AND (i.created_at, i.id) < (@AfterAt, @AfterId)
                    ORDER BY i.created_at DESC, i.id DESC
                    LIMIT @Take
                    """);

        /// <summary>How many users a restricted invite lists (0 for the others).</summary>
        private const string AllowedUserCount =
            "(SELECT COUNT(*) FROM invite_allowed_users a WHERE a.invite_id = i.id) AS AllowedUserCount";
    }
}
