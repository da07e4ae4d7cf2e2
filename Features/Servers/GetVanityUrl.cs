using Dapper;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;


namespace InviteService.Features.Servers;

/// <summary>GET /servers/{id}/vanity-url: the vanity code and how many joined through it, for MANAGE_SERVER.</summary>
public static class GetVanityUrl
{
    public sealed record Query(Caller Caller, string ServerId) : IRequest<Result<ServerRow>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Query, Result<ServerRow>>
    {
        public Task<Result<ServerRow>> Handle(Query query, CancellationToken cancellationToken) =>
            InServer.ReadAsync<ServerRow>(db, time, query.Caller, query.ServerId, Permission.ManageServer, async server =>
                await server.Connection.QuerySingleAsync<ServerRow>(ServerRow.ById, new { query.ServerId, Now = server.Now }), cancellationToken);
    }
}
