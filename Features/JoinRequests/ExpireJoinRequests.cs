using Dapper;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Housekeeping;
using InviteService.Infrastructure.Webhooks;
using Microsoft.Extensions.Options;

namespace InviteService.Features.JoinRequests;

/// <summary>
/// Housekeeping: join requests nobody answered within <c>JoinRequests:Ttl</c> end, each with its
/// <c>join_request.declined</c> (reason <c>expired</c>). Safe in several processes at once: a request is expired by the one
/// write that deletes it.
/// </summary>
public sealed class ExpireJoinRequests(Db db, IOptions<JoinRequestOptions> options, TimeProvider time) : IHousekeepingTask
{
    /// <summary>Requests per write transaction, so a large backlog never holds the writer for long.</summary>
    public const int BatchSize = 500;

    private sealed class Expired
    {
        public string ServerId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string InviteCode { get; set; } = "";
    }

    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await db.WriteAsync<long>(async (connection, transaction) =>
            {
                var now = time.Now();
                var before = now - (long)options.Value.Ttl.TotalMilliseconds;
                var expired = (await connection.QueryAsync<Expired>(Sql.Expire, new { Before = before, Limit = BatchSize }, transaction)).AsList();
                foreach (var request in expired.OrderBy(r => r.ServerId, StringComparer.Ordinal).ThenBy(r => r.UserId, StringComparer.Ordinal))
                {
                    await Outbox.EmitAsync(connection, transaction,
                        new JoinRequestDeclined(request.ServerId, request.UserId, request.InviteCode, PendingRequests.Expired), now);
                }

                return (long)expired.Count;
            }, cancellationToken);
            total += batch.Value;
            if (batch.Value < BatchSize) break;
        }

        return total;
    }

    public string? Describe(long count) => count == 0 ? null : $"expired {count} unanswered join request{(count == 1 ? "" : "s")}";

    private static class Sql
    {
        /// <summary>Made at or before <c>@Before</c>, oldest first, a batch at a time.</summary>
        public const string Expire = """
            DELETE FROM join_requests
            WHERE (server_id, user_id) IN (
                SELECT server_id, user_id
                FROM join_requests
                WHERE created_at <= @Before
                ORDER BY created_at
                LIMIT @Limit)
            RETURNING server_id AS ServerId, user_id AS UserId, invite_code AS InviteCode
            """;
    }
}
