using Dapper;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Housekeeping;
using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Webhooks;

/// <summary>Housekeeping: delivered and failed deliveries past Webhooks:Retention go, and events no delivery needs any more.</summary>
public sealed class PruneDeliveries(Db db, IOptions<WebhookOptions> options, TimeProvider time) : IHousekeepingTask
{
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        var before = time.Now() - (long)options.Value.Retention.TotalMilliseconds;
        var pruned = await db.WriteAsync<long>(async (connection, transaction) =>
            await connection.ExecuteAsync(Sql.Prune, new { Before = before }, transaction), cancellationToken);
        return pruned.Value;
    }

    public string? Describe(long count) => count == 0 ? null : $"pruned {count} old webhook deliveries and events";

    private static class Sql
    {
        public const string Prune = """
            DELETE FROM webhook_deliveries WHERE status IN ('delivered', 'failed') AND updated_at < @Before;
            DELETE FROM webhook_events WHERE created_at < @Before AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id);
            """;
    }
}
