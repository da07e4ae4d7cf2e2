using System.Diagnostics.Metrics;
using InviteService.Infrastructure.Metrics;

namespace InviteService.Infrastructure.Database;

/// <summary>
/// The writer's metrics: how many writes each committed batch held (<c>db_write_batch_size</c>) and how long its COMMIT took
/// (<c>db_commit_duration_seconds</c>), as histograms. Batches that grow towards 64 mean writes queue up behind the writer;
/// slow commits mean a slow disk (SQLite's fsync) or a busy server (PostgreSQL).
/// </summary>
public sealed class DbMetrics(ServiceMeter meter)
{
    private readonly Histogram<int> _batchSize = meter.Meter.CreateHistogram(
        "db.write.batch.size", "{write}", "Writes committed together in one transaction by the writer.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    private readonly Histogram<double> _commitDuration = meter.Meter.CreateHistogram(
        "db.commit.duration", "s", "How long the COMMIT of a batch of writes took.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    public void Committed(int writes, TimeSpan commit)
    {
        _batchSize.Record(writes);
        _commitDuration.Record(commit.TotalSeconds);
    }
}
