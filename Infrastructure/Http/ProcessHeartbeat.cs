using Dapper;
using InviteService.Infrastructure.Database;
using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Http;

/// <summary>
/// Counts the live processes that serve the database, for <see cref="BudgetShare"/>: each process keeps a row in
/// <c>processes</c>, renews it every <see cref="ThrottlingOptions.ProcessHeartbeat"/> with the time until which it is to be
/// counted (three heartbeats on), and counts the rows not yet expired. One read and one write a heartbeat, whatever the
/// load: the limits themselves stay in each process's memory, and a failed lookup costs no write.
/// </summary>
/// <remarks>
/// <para>A process beats once before it serves, so it counts the others from its first request; they count it from their
/// next heartbeat. A process that stops removes its row; one that is killed stops being counted when its row expires,
/// and the next heartbeat of any process deletes the row. Until then the others keep the smaller share, which errs on
/// the side of refusing.</para>
/// <para>A process is the operating system's process: its row's id is made once per process, so hosts started side by
/// side in one process (as tests do) count once.</para>
/// </remarks>
public sealed class ProcessHeartbeat(
    Db db, BudgetShare share, IOptions<ThrottlingOptions> options, TimeProvider time, ILogger<ProcessHeartbeat> logger) : BackgroundService
{
    /// <summary>This process's row.</summary>
    public static readonly string ProcessId = Guid.NewGuid().ToString("N");

    /// <summary>How many heartbeats a row is counted for: a process that misses two in a row is still counted.</summary>
    private const int CountedFor = 3;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await BeatAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProcessHeartbeat, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await BeatAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await db.WriteAsync<int>(async (connection, transaction) =>
                await connection.ExecuteAsync(Sql.Leave, new { Id = ProcessId }, transaction), cancellationToken);
        }
        catch (Exception ex)
        {
            // The others stop counting this process when its row expires.
            logger.LogDebug(ex, "Rate limits: this process's heartbeat row was left to expire");
        }
    }

    /// <summary>Renews this process's row, deletes expired ones, and counts the live processes. A failure keeps the last count.</summary>
    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = time.Now();
            var rows = await db.ReadAsync(async connection => (await connection.QueryAsync<(string Id, long ExpiresAt)>(Sql.Rows)).AsList(), cancellationToken);
            var others = rows.Where(r => r.Id != ProcessId).ToList();
            var expired = others.Where(r => r.ExpiresAt < now).Select(r => r.Id).ToList();
            var expiresAt = now + CountedFor * (long)options.Value.ProcessHeartbeat.TotalMilliseconds;
            await db.WriteAsync<int>(async (connection, transaction) =>
            {
                await connection.ExecuteAsync(Sql.Beat, new { Id = ProcessId, Now = now, ExpiresAt = expiresAt }, transaction);
                foreach (var id in expired) await connection.ExecuteAsync(Sql.Forget, new { Id = id, Now = now }, transaction);
                return 0;
            }, cancellationToken);

            var processes = others.Count - expired.Count + 1;
            if (!share.Set(processes)) return;
            if (processes > 1) logger.LogInformation("Rate limits: {Processes} processes share each budget", processes);
            else logger.LogInformation("Rate limits: this process has each budget to itself");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Rate limits: the process heartbeat failed; {Processes} processes are still taken to share each budget", share.Processes);
        }
    }

    private static class Sql
    {
        public const string Rows = """
            SELECT id, expires_at
            FROM processes
            """;

        public const string Beat = """
            INSERT INTO processes (id, heartbeat_at, expires_at)
            VALUES (@Id, @Now, @ExpiresAt)
            ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at
            """;

        /// <summary>Only while still expired: a process that came back in between keeps its row.</summary>
        public const string Forget = """
            DELETE FROM processes
            WHERE id = @Id
              AND expires_at < @Now
            """;

        public const string Leave = """
            DELETE FROM processes
            WHERE id = @Id
            """;
    }
}
