using System.ComponentModel.DataAnnotations;
using Dapper;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using MediatR;
using Microsoft.Extensions.Options;

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
                    await connection.ExecuteAsync(Sql.ArchiveBatch, new { Now = time.Now(), Limit = BatchSize }, transaction));
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
            """;
    }
}

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
