using Dapper;
using InviteService.Features.Invites;
using InviteService.Features.Servers;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Members;

/// <summary>GET /servers/{id}/members: who is in, with which permissions, and through which invite they came.</summary>
public static class ListMembers
{
    public sealed record Query(Caller Caller, string ServerId) : IRequest<Result<IReadOnlyList<MemberRow>>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<IReadOnlyList<MemberRow>>>
    {
        public Task<Result<IReadOnlyList<MemberRow>>> Handle(Query query, CancellationToken cancellationToken) =>
            db.ReadAsync<Result<IReadOnlyList<MemberRow>>>(async connection =>
            {
                var access = await ServerAccess.RequireAsync(connection, query.ServerId, query.Caller, time.Now(), Permission.None);
                if (access.Error is { } denied) return denied;
                var members = await connection.QueryAsync<MemberRow>(Sql.All, new { query.ServerId });
                return Result<IReadOnlyList<MemberRow>>.From(members.AsList());
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string All = $"""
            SELECT {MemberRow.Columns}
            FROM members m
            JOIN users u ON u.id = m.user_id
            WHERE m.server_id = @ServerId
            ORDER BY m.joined_at, m.user_id
            """;
    }
}
