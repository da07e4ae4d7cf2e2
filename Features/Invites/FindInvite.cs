using Dapper;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>The code of a server's invite known by its id (the Messenger face names invites by id inside a thread).</summary>
public static class FindInvite
{
    public sealed record Query(string ServerId, string InviteId) : IRequest<Result<string>>;

    public sealed class Handler(Db db) : IRequestHandler<Query, Result<string>>
    {
        public Task<Result<string>> Handle(Query query, CancellationToken cancellationToken) =>
            db.ReadAsync<Result<string>>(async connection =>
            {
                var found = await connection.QuerySingleAsync<(bool ServerExists, string? Code)>(Sql.Find, new { query.ServerId, query.InviteId });
                if (!found.ServerExists) return ServerErrors.UnknownServer;
                return found.Code is { } code ? code : InviteErrors.NotFound;
            }, cancellationToken);
    }

    private static class Sql
    {
        public const string Find = """
            SELECT EXISTS (SELECT 1 FROM servers WHERE id = @ServerId) AS ServerExists,
                   (SELECT code FROM invites WHERE id = @InviteId AND server_id = @ServerId AND deleted_at IS NULL) AS Code
            """;
    }
}
