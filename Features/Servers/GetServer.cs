using InviteService.Features.SharedKernel;
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
            InServer.ReadAsync<ServerDetails>(db, time, query.Caller, query.ServerId, Permission.None, async server =>
                await ServerDetails.LoadAsync(server.Connection, query.ServerId, server.Now), cancellationToken);
    }
}
