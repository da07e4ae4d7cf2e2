using Dapper;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary>Housekeeping: soft-deletes invites that have expired or are used up, so dead links stop piling up.</summary>
public static class ArchiveDeadInvites
{
    /// <summary>Rows per write transaction, so a large backlog never holds the writer for long.</summary>
    public const int BatchSize = 500;

    public sealed record Command : IRequest<Result<long>>;

    public sealed class Handler(Db db, TimeProvider time) : IRequestHandler<Command, Result<long>>
    {
        public async Task<Result<long>> Handle(Command command, CancellationToken cancellationToken)
        {
            long total = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = await db.WriteAsync<long>(async (connection, transaction) =>
                {
                    var now = time.Now();
                    var archived = (await connection.QueryAsync<(string Code, string ServerId, bool UsedUp)>(Sql.ArchiveBatch, new { Now = now, Limit = BatchSize }, transaction)).AsList();
                    foreach (var reason in new[] { true, false })
                    {
                        await InviteEvents.DeletedAsync(connection, transaction, archived.Where(a => a.UsedUp == reason).Select(a => (a.Code, a.ServerId)),
                            reason ? InviteEvents.UsedUp : InviteEvents.Expired, now);
                    }

                    return (long)archived.Count;
                }, cancellationToken);
                total += batch.Value;
                if (batch.Value < BatchSize) break;
            }

            return total;
        }
    }

    private static class Sql
    {
        /// <summary>Not deleted, and not usable: expired or used up.</summary>
        public const string ArchiveBatch = $"""
            UPDATE invites
            SET deleted_at = @Now,
                updated_at = @Now
            WHERE id IN (
                SELECT i.id
                FROM invites i
                WHERE i.deleted_at IS NULL
                  AND NOT ({InviteRow.UsableWhere})
                LIMIT @Limit)
            RETURNING code AS Code, server_id AS ServerId, (max_uses > 0 AND uses >= max_uses) AS UsedUp
            """;
    }
}
