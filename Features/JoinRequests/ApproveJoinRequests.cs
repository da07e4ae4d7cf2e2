using Dapper;
using InviteService.Features.Invites;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.JoinRequests;

/// <summary>
/// POST /servers/{id}/join-requests/approve (MANAGE_INVITES): approves the selected pending requests in arrival order, each
/// as <see cref="ApproveJoinRequest"/> would, in one write. Through one invite it stops where that invite's uses run out;
/// for listed users, each request whose invite has no use left stays pending and the others go on. Listed users without a
/// pending request are passed over. The answer counts the approvals and the selected requests still pending.
/// </summary>
public static class ApproveJoinRequests
{
    /// <summary>The most requests one call approves, so one call never holds the writer for long; the rest stay pending.</summary>
    public const int MaxPerCall = JoinRequestSelection.MaxUsers;

    public sealed record Command(Caller Caller, string ServerId, string? Invite, string[]? UserIds) : IRequest<Result<Outcome>>;

    /// <param name="LeftPending">The selected requests still pending: all of the invite's, or those of the listed users.</param>
    public sealed record Outcome(long Approved, long LeftPending);

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<Outcome>>
    {
        public Task<Result<Outcome>> Handle(Command command, CancellationToken cancellationToken) =>
            InServer.WriteAsync<Outcome>(db, time, command.Caller, command.ServerId, Permission.ManageInvites, async server =>
            {
                var applicants = command.Invite is { } code
                    ? (await server.Connection.QueryAsync<string>(Sql.Through, new { command.ServerId, Code = code, Limit = MaxPerCall }, server.Transaction)).AsList()
                    : await InArrivalOrderAsync(server, command.UserIds!);

                long approved = 0;
                foreach (var userId in applicants)
                {
                    var result = await ApproveJoinRequest.ApproveAsync(server, command.Caller, userId);
                    if (result.IsSuccess) approved++;
                    else if (result.Error == InviteErrors.MaxUses && command.Invite is not null) break; // the rest would find none either
                }

                var left = command.Invite is not null
                    ? await server.Connection.ExecuteScalarAsync<long>(Sql.CountThrough, new { command.ServerId, Code = command.Invite }, server.Transaction)
                    : applicants.Count - approved;
                return new Outcome(approved, left);
            }, cancellationToken, JoinRequestErrors.CannotAnswer);

        /// <summary>The listed users who have a pending request, oldest request first.</summary>
        private static async Task<List<string>> InArrivalOrderAsync(InServerWrite server, IEnumerable<string> userIds)
        {
            var pending = new List<(long CreatedAt, string UserId)>();
            foreach (var userId in userIds.Distinct(StringComparer.Ordinal))
            {
                var createdAt = await server.Connection.ExecuteScalarAsync<long?>(
                    Sql.CreatedAt, new { server.Access.ServerId, UserId = userId }, server.Transaction);
                if (createdAt is { } at) pending.Add((at, userId));
            }

            return pending.OrderBy(p => p.CreatedAt).ThenBy(p => p.UserId, StringComparer.Ordinal).Select(p => p.UserId).ToList();
        }
    }

    private static class Sql
    {
        public const string Through = """
            SELECT user_id
            FROM join_requests
            WHERE server_id = @ServerId
              AND invite_code = @Code
            ORDER BY created_at, user_id
            LIMIT @Limit
            """;

        public const string CountThrough = "SELECT COUNT(*) FROM join_requests WHERE server_id = @ServerId AND invite_code = @Code";

        public const string CreatedAt = "SELECT created_at FROM join_requests WHERE server_id = @ServerId AND user_id = @UserId";
    }
}
