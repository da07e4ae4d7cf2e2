using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Servers;

/// <summary>GET /servers/{id}: for its members and the platform admin.</summary>
public static class GetServer
{
    public sealed record Query(Caller Caller, string ServerId) : IRequest<Result<ServerDetails>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<ServerDetails>>
    {
        public Task<Result<ServerDetails>> Handle(Query query, CancellationToken cancellationToken) =>
            db.ReadAsync<Result<ServerDetails>>(async connection =>
            {
                var now = time.Now();
                var access = await ServerAccess.RequireAsync(connection, query.ServerId, query.Caller, now, Permission.None);
                if (access.Error is { } denied) return denied;
                return await ServerDetails.LoadAsync(connection, query.ServerId, now);
            }, cancellationToken);
    }
}
