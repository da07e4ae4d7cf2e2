using System.Globalization;
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
/// GET /invites/{code}/joins: who joined through an invite or vanity code, when, and whether they are still in; in pages,
/// newest join first.
/// </summary>
public static class ListInviteJoins
{
    public sealed record Query(Caller Caller, string Code, PageRequest Page) : IRequest<Result<Page<JoinRow>>>;

    public sealed class JoinRow
    {
        /// <summary>The join's own number, which orders joins of the same instant; not shown.</summary>
        public long Id { get; set; }
        public string UserId { get; set; } = "";
        public string Name { get; set; } = "";
        public long JoinedAt { get; set; }
        public bool StillMember { get; set; }
    }

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<Page<JoinRow>>>
    {
        public Task<Result<Page<JoinRow>>> Handle(Query query, CancellationToken cancellationToken) =>
            db.ReadAsync<Result<Page<JoinRow>>>(async connection =>
            {
                if (!InviteRow.IsPlausibleCode(query.Code)) return InviteErrors.NotFound;
                // Deleted and archived invites keep their history; a vanity code is found case-insensitively.
                var now = time.Now();
                var code = await CodeLookup.FindAsync(connection, query.Code, now, viewerId: null);
                if (code is null) return InviteErrors.NotFound;
                var found = (ServerId: code.Server.Id, code.Invite.Code);

                // A code the caller may not see answers like an unknown one, so this route tells nobody which codes exist.
                var access = await ServerAccess.RequireAsync(
                    connection, found.ServerId, query.Caller, now, Permission.ManageInvites, denied: InviteErrors.NotFound);
                if (access.Error is { } denied) return denied;

                var page = query.Page.Keyset(PageQuery.DefaultLimit, descending: true);
                var joins = await connection.QueryAsync<JoinRow>(Sql.Page, new { found.ServerId, found.Code, page.AfterAt, AfterId = page.AfterNumber, page.Take });
                return page.Cut(joins.AsList(), j => new Cursor(j.JoinedAt, j.Id.ToString(CultureInfo.InvariantCulture)));
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string Page = """
            SELECT j.id AS Id,
                   j.user_id AS UserId,
                   COALESCE(u.name, j.user_id) AS Name,
                   j.joined_at AS JoinedAt,
                   EXISTS (SELECT 1 FROM members m WHERE m.server_id = j.server_id AND m.user_id = j.user_id) AS StillMember
            FROM joins j
            LEFT JOIN users u ON u.id = j.user_id
            WHERE j.server_id = @ServerId AND j.code = @Code
              AND (j.joined_at, j.id) < (@AfterAt, @AfterId)
            ORDER BY j.joined_at DESC, j.id DESC
            LIMIT @Take
            """;
    }
}
