using Dapper;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Paging;
using MediatR;

namespace InviteService.Features.Members;

/// <summary>
/// GET /servers/{id}/members: who is in, with which permissions, and through which invite they came; in pages, oldest
/// member first (by when they joined, then user id).
/// </summary>
public static class ListMembers
{
    public sealed record Query(Caller Caller, string ServerId, PageRequest Page) : IRequest<Result<Page<MemberRow>>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<Page<MemberRow>>>
    {
        public Task<Result<Page<MemberRow>>> Handle(Query query, CancellationToken cancellationToken) =>
            InServer.ReadAsync<Page<MemberRow>>(db, time, query.Caller, query.ServerId, Permission.None, async server =>
            {
                var page = query.Page.Keyset(PageQuery.DefaultLimit, descending: false);
                var members = await server.Connection.QueryAsync<MemberRow>(Sql.Page, new { query.ServerId, page.AfterAt, page.AfterId, page.Take });
                return page.Cut(members.AsList(), m => new Cursor(m.JoinedAt, m.UserId));
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string Page = $"""
            SELECT {MemberRow.Columns}
            FROM members m
            JOIN users u ON u.id = m.user_id
            WHERE m.server_id = @ServerId
              AND (m.joined_at, m.user_id) > (@AfterAt, @AfterId)
            ORDER BY m.joined_at, m.user_id
            LIMIT @Take
            """;
    }
}
