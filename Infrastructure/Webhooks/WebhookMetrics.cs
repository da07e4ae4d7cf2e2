using System.Diagnostics.Metrics;
using Dapper;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Metrics;

namespace InviteService.Infrastructure.Webhooks;

/// <summary>
/// The dispatcher's metrics: each recorded attempt by what became of its delivery
/// (<c>webhook_deliveries_total{result}</c>: <see cref="Delivered"/>, <see cref="Retrying"/>, <see cref="Failed"/>), and the
/// queue as the database holds it, for every process that sends: how many deliveries wait (<c>webhook_queue_depth</c>) and
/// how long the oldest due one has waited past its time (<c>webhook_queue_oldest_due_age_seconds</c>, 0 when none is due).
/// The queue is read when metrics are collected, once for both gauges, through the index the dispatcher polls with. Each
/// result's series exists from the start, at 0.
/// </summary>
public sealed class WebhookMetrics
{
    public const string Delivered = "delivered";
    public const string Retrying = "retrying";
    public const string Failed = "failed";

    private readonly Db _db;
    private readonly TimeProvider _time;
    private readonly Counter<long> _deliveries;
    private readonly Lock _lock = new();

    /// <summary>The last reading of the queue, and which gauges have reported it: each gauge reports a reading once.</summary>
    private (Reading Value, bool DepthTaken, bool AgeTaken)? _reading;

    private readonly record struct Reading(long Depth, double OldestDueAge);

    public WebhookMetrics(ServiceMeter meter, Db db, TimeProvider time)
    {
        _db = db;
        _time = time;
        _deliveries = meter.Meter.CreateCounter<long>(
            "webhook.deliveries", "{attempt}", "Webhook delivery attempts, by what became of the delivery: delivered, retrying (sent again later) or failed (given up).");
        foreach (var result in new[] { Delivered, Retrying, Failed }) _deliveries.Add(0, new KeyValuePair<string, object?>("result", result));
        meter.Meter.CreateObservableGauge("webhook.queue.depth", () => Observe(depth: true), "{delivery}",
            "Webhook deliveries waiting to be sent or sent again, to subscriptions that are not disabled.");
        meter.Meter.CreateObservableGauge("webhook.queue.oldest_due.age", () => Observe(depth: false), "s",
            "How long the oldest delivery that is due has waited past its time; 0 when none is due.");
    }

    public void Attempted(string result) => _deliveries.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <summary>
    /// One gauge's measurement, or none while the database cannot be read (the gauge is then absent, not 0). The two gauges of
    /// one collection share a reading: a gauge that already reported the last reading reads the queue afresh.
    /// </summary>
    private Measurement<double>[] Observe(bool depth)
    {
        Reading reading;
        lock (_lock)
        {
            if (_reading is { } last && !(depth ? last.DepthTaken : last.AgeTaken))
            {
                _reading = (last.Value, last.DepthTaken || depth, last.AgeTaken || !depth);
                return [new Measurement<double>(depth ? last.Value.Depth : last.Value.OldestDueAge)];
            }
        }

        try
        {
            reading = Read();
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or StoreUnavailableException or TimeoutException or InvalidOperationException)
        {
            return [];
        }

        lock (_lock) _reading = (reading, depth, !depth);
        return [new Measurement<double>(depth ? reading.Depth : reading.OldestDueAge)];
    }

    private Reading Read()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        // A collection is synchronous; SQLite reads are too, and on PostgreSQL this is one indexed query per collection.
        var queue = _db.ReadAsync(c => c.QuerySingleAsync<Queue>(Sql.Queue, new { Now = now })).GetAwaiter().GetResult();
        return new Reading(queue.Depth, queue.OldestDue is { } due ? Math.Max(0, now - due) / 1000.0 : 0);
    }

    private sealed class Queue
    {
        public long Depth { get; set; }
        public long? OldestDue { get; set; }
    }

    private static class Sql
    {
        public const string Queue = """
            SELECT COUNT(*) AS Depth,
                   MIN(CASE WHEN d.next_attempt_at <= @Now THEN d.next_attempt_at END) AS OldestDue
            FROM webhook_deliveries d
            JOIN webhooks w ON w.id = d.webhook_id
            WHERE d.status = 'pending'
              AND w.disabled = 0
            """;
    }
}
