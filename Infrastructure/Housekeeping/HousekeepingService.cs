using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Housekeeping;

/// <summary>Runs a round of <see cref="HousekeepingJob"/> on the configured interval, on the injected clock.</summary>
public sealed class HousekeepingService(
    HousekeepingJob job, IOptions<HousekeepingOptions> options, TimeProvider time, ILogger<HousekeepingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round; answers how many rows it changed in all. A failed round is logged and retried on the next tick.</summary>
    public async Task<long> RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var outcomes = await job.RunAsync(cancellationToken);
            foreach (var outcome in outcomes.Where(o => o.Count > 0))
            {
                logger.LogInformation("Housekeeping {Did}", outcome.Line);
            }

            return outcomes.Sum(o => o.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Housekeeping failed");
            return 0;
        }
    }
}
