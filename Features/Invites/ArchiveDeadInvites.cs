using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Housekeeping;

namespace InviteService.Features.Invites;

/// <summary>Housekeeping: soft-deletes invites that have expired or are used up, so dead links stop piling up.</summary>
public sealed class ArchiveDeadInvites(Db db, TimeProvider time) : IHousekeepingTask
{
    /// <summary>Rows per write transaction, so a large backlog never holds the writer for long.</summary>
    public const int BatchSize = 500;

    /// <summary>Not deleted, and not usable: expired or used up; a batch at a time.</summary>
    private static readonly InviteRetirement.Selection Dead = new($"""
        i.id IN (
            SELECT i.id
            FROM invites i
            WHERE i.deleted_at IS NULL
              AND NOT ({InviteRow.UsableWhere})
            LIMIT @Limit)
        """);

    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await db.WriteAsync<long>(async (connection, transaction) =>
            {
                var archived = await InviteRetirement.RetireAsync(connection, transaction, Dead, new { Limit = BatchSize },
                    InviteDeleted.Expired, time.Now(), usedUpReason: InviteDeleted.UsedUp);
                return (long)archived.Count;
            }, cancellationToken);
            total += batch.Value;
            if (batch.Value < BatchSize) break;
        }

        return total;
    }

    public string Describe(long count) => $"archived {count} dead invite{(count == 1 ? "" : "s")}";
}
