using Dapper;
using InviteService.Features.SharedKernel;
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
            InServer.ReadAsync<IReadOnlyList<MemberRow>>(db, time, query.Caller, query.ServerId, Permission.None, async server =>
            {
                var members = await server.Connection.QueryAsync<MemberRow>(Sql.All, new { query.ServerId });
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
