using System.ComponentModel.DataAnnotations;
using MediatR;
using Microsoft.Extensions.Options;

namespace InviteService.Features.Invites;

public sealed class HousekeepingOptions
{
    public const string Section = "Housekeeping";

    public bool Enabled { get; set; } = true;

    /// <summary>How often dead invites are archived.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Runs <see cref="ArchiveDeadInvites"/> on the configured interval, on the injected clock.</summary>
public sealed class InviteHousekeeping(
    IServiceScopeFactory scopes, IOptions<HousekeepingOptions> options, TimeProvider time, ILogger<InviteHousekeeping> logger)
    : BackgroundService
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

    public async Task<long> RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var archived = (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ArchiveDeadInvites.Command(), cancellationToken)).Value;
            if (archived > 0) logger.LogInformation("Housekeeping archived {Count} dead invites", archived);
            var pruned = await Infrastructure.Webhooks.WebhookDispatcher.PruneAsync(
                scope.ServiceProvider.GetRequiredService<Infrastructure.Database.Db>(),
                scope.ServiceProvider.GetRequiredService<IOptions<Infrastructure.Webhooks.WebhookOptions>>().Value,
                time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
            if (pruned > 0) logger.LogInformation("Housekeeping pruned {Count} old webhook deliveries and events", pruned);
            return archived;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed round is retried on the next tick; the service keeps serving.
            logger.LogError(ex, "Housekeeping failed");
            return 0;
        }
    }
}
