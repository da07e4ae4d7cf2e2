using System.Net;
using System.Net.Sockets;
using Dapper;
using InviteService.Infrastructure.Database;
using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Webhooks;

/// <summary>
/// Sends due deliveries in the background: claims a batch with a lease (so several processes on one database never send
/// the same attempt twice), sends each as its own task with a per-attempt timeout, and records the outcome. A 2xx is
/// delivered; anything else is retried on <see cref="WebhookOptions.RetryDelays"/> with jitter, then failed. One slow or
/// dead endpoint holds at most <see cref="WebhookOptions.MaxConcurrentPerEndpoint"/> attempts, whichever process sends
/// them, and one that keeps not answering rests for <see cref="WebhookOptions.BreakFor"/>: it never holds up the others or
/// any API request. Disabled subscriptions get no attempts.
/// </summary>
public sealed class WebhookDispatcher(
    Db db, IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time, WebhookMetrics metrics, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    public const string ClientName = "webhooks";
    public const string UserAgent = "InviteService-Webhooks/1.0";

    /// <summary>
    /// What <c>last_error</c> says of every attempt that got no HTTP answer (refused, unreachable, blocked, timed out): one
    /// text, so the deliveries list tells nothing about what listens where.
    /// </summary>
    public const string NoAnswer = "no answer";

    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentAttempts, options.Value.MaxConcurrentAttempts);
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Looks for due deliveries now rather than at the next poll: after a manual retry or a test event, whose sender waits for it.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var free = _slots.CurrentCount;
                var claimed = free == 0 ? [] : await ClaimAsync(free, stoppingToken);
                foreach (var delivery in claimed)
                {
                    await _slots.WaitAsync(stoppingToken);
                    _ = Task.Run(() => AttemptAsync(delivery, stoppingToken), CancellationToken.None);
                }

                if (claimed.Count == free && free > 0) continue; // more may be due
                await _wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Webhook dispatch failed; retrying at the next poll");
                await Task.Delay(options.Value.PollInterval, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    private sealed class Due
    {
        public string Id { get; set; } = "";
        public string WebhookId { get; set; } = "";
        public string Url { get; set; } = "";
        public string Secret { get; set; } = "";
        public string? PreviousSecret { get; set; }
        public long? PreviousSecretUntil { get; set; }
        public string EventId { get; set; } = "";
        public string Body { get; set; } = "";
        public long Attempts { get; set; }
    }

    private async Task<IReadOnlyList<Due>> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // The lease outlives the attempt's timeout, so an attempt in flight is never claimed twice; a process that dies
        // holding one lets it expire and be claimed again: at least once, never lost.
        var leaseUntil = now + (long)(options.Value.Timeout.TotalMilliseconds * 3);
        var args = new { Now = now, PerEndpoint = options.Value.MaxConcurrentPerEndpoint, Limit = limit, LeaseUntil = leaseUntil, Token = Guid.NewGuid().ToString("N") };
        // A read first: with nothing due, polling never takes the single writer.
        if (!await db.ReadAsync(c => c.ExecuteScalarAsync<bool>(Sql.AnyDue, args), cancellationToken)) return [];
        var result = await db.WriteAsync<IReadOnlyList<Due>>(async (connection, transaction) =>
        {
            var leased = await connection.ExecuteAsync(Sql.Lease, args, transaction);
            if (leased == 0) return Array.Empty<Due>();
            return (await connection.QueryAsync<Due>(Sql.Claimed, args, transaction)).AsList();
        }, cancellationToken);
        return result.Value!;
    }

    private async Task AttemptAsync(Due delivery, CancellationToken stoppingToken)
    {
        int? status = null;
        try
        {
            var now = time.GetUtcNow();
            var timestamp = now.ToUnixTimeSeconds();
            var secrets = delivery.PreviousSecret is not null && delivery.PreviousSecretUntil > now.ToUnixTimeMilliseconds()
                ? new[] { delivery.Secret, delivery.PreviousSecret }
                : [delivery.Secret];
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(delivery.Body, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("webhook-id", delivery.EventId);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSignature.Header(secrets, delivery.EventId, timestamp, delivery.Body));
            request.Headers.UserAgent.ParseAdd(UserAgent);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(options.Value.Timeout);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested &&
                                   ex is OperationCanceledException or HttpRequestException or SocketException or IOException or InvalidOperationException or UriFormatException)
        {
            // No answer: the reason stays in the service's own log, by webhook id (never the URL, whose path may be a secret).
            logger.LogInformation("Webhook {WebhookId}: delivery {DeliveryId} got no answer ({Reason})", delivery.WebhookId, delivery.Id, ex.GetType().Name);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _slots.Release();
        }

        if (stoppingToken.IsCancellationRequested && status is null) return; // shutting down: the lease expires and it is sent again
        try
        {
            await RecordAsync(delivery, status);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record a webhook attempt; its lease expires and it is sent again");
        }
    }

    private async Task RecordAsync(Due delivery, int? status)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var o = options.Value;
        var attempts = delivery.Attempts + 1;
        var delivered = status is >= 200 and < 300;
        var schedule = o.Schedule;
        var last = !delivered && attempts > schedule.Count;
        var delay = delivered || last ? TimeSpan.Zero : schedule[(int)attempts - 1] * (1 + (Random.Shared.NextDouble() * 2 - 1) * WebhookOptions.Jitter);
        await db.WriteAsync<int>(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(Sql.Record, new
            {
                delivery.Id,
                Status = delivered ? "delivered" : last ? "failed" : "pending",
                NextAttemptAt = now + (long)delay.TotalMilliseconds,
                LastStatus = status,
                LastError = delivered ? null : status is null ? NoAnswer : $"answered {status}",
                Now = now,
            }, transaction);
            await connection.ExecuteAsync(delivered ? Sql.Healthy : Sql.Failing, new
            {
                delivery.WebhookId,
                Answered = status is not null,
                o.BreakAfter,
                RestUntil = now + (long)o.BreakFor.TotalMilliseconds,
                Now = now,
                DisableBefore = now - (long)o.DisableAfter.TotalMilliseconds,
            }, transaction);
            return 0;
        });
        metrics.Attempted(delivered ? WebhookMetrics.Delivered : last ? WebhookMetrics.Failed : WebhookMetrics.Retrying);
    }

    private static class Sql
    {
        /// <summary>
        /// Deliveries <c>d</c> that may be sent now: pending, their time come, not leased (or the lease ran out), to an
        /// enabled subscription <c>w</c> that is not resting. Binds <c>@Now</c>.
        /// </summary>
        private const string DueWhere = """
            d.status = 'pending' AND d.next_attempt_at <= @Now AND (d.lease_until IS NULL OR d.lease_until < @Now)
            AND w.disabled = 0 AND (w.paused_until IS NULL OR w.paused_until <= @Now)
            """;

        /// <summary>
        /// Due deliveries within their endpoint's share: each endpoint's in order of due time, numbered after the attempts
        /// it already has in flight (leased, in any process), and only those up to <c>@PerEndpoint</c>.
        /// </summary>
        private const string Sendable = $"""
            SELECT due.id, due.next_attempt_at
            FROM (
                SELECT d.id,
                       d.next_attempt_at,
                       ROW_NUMBER() OVER (PARTITION BY d.webhook_id ORDER BY d.next_attempt_at, d.id) + COALESCE(f.in_flight, 0) AS place
                FROM webhook_deliveries d
                JOIN webhooks w ON w.id = d.webhook_id
                LEFT JOIN (
                    SELECT webhook_id, COUNT(*) AS in_flight
                    FROM webhook_deliveries
                    WHERE status = 'pending' AND lease_until >= @Now
                    GROUP BY webhook_id) f ON f.webhook_id = d.webhook_id
                WHERE {DueWhere}) due
            WHERE due.place <= @PerEndpoint
            """;

        public const string AnyDue = $"SELECT EXISTS ({Sendable})";

        /// <summary>Leases up to @Limit sendable deliveries, oldest due first, under this claim's own token; <see cref="Claimed"/> reads them back.</summary>
        public const string Lease = $"""
            UPDATE webhook_deliveries
            SET lease_until = @LeaseUntil, lease_token = @Token, updated_at = @Now
            WHERE id IN (
                SELECT sendable.id FROM ({Sendable}) sendable
                ORDER BY sendable.next_attempt_at
                LIMIT @Limit)
            """;

        public const string Claimed = """
            SELECT d.id AS Id, d.webhook_id AS WebhookId, w.url AS Url, w.secret AS Secret, w.previous_secret AS PreviousSecret,
                   w.previous_secret_until AS PreviousSecretUntil, d.event_id AS EventId, e.body AS Body, d.attempts AS Attempts
            FROM webhook_deliveries d
            JOIN webhooks w ON w.id = d.webhook_id
            JOIN webhook_events e ON e.id = d.event_id
            WHERE d.lease_token = @Token
            """;

        /// <summary>Attempts are counted here, one per recorded attempt, whatever else happened to the row meanwhile.</summary>
        public const string Record = """
            UPDATE webhook_deliveries
            SET status = @Status, attempts = attempts + 1, next_attempt_at = @NextAttemptAt, lease_until = NULL, lease_token = NULL,
                last_status = @LastStatus, last_error = @LastError, updated_at = @Now
            WHERE id = @Id
            """;

        public const string Healthy = """
            UPDATE webhooks
            SET failing_since = NULL, unanswered = 0, paused_until = NULL
            WHERE id = @WebhookId AND (failing_since IS NOT NULL OR unanswered <> 0 OR paused_until IS NOT NULL)
            """;

        /// <summary>
        /// Starts the failing period, disables an endpoint that has failed for longer than Webhooks:DisableAfter, and counts
        /// attempts without an answer in a row: from Webhooks:BreakAfter of them on, each one rests the endpoint.
        /// </summary>
        public const string Failing = """
            UPDATE webhooks
            SET failing_since = COALESCE(failing_since, @Now),
                disabled = CASE WHEN failing_since IS NOT NULL AND failing_since <= @DisableBefore THEN 1 ELSE disabled END,
                unanswered = CASE WHEN @Answered = 1 THEN 0 ELSE unanswered + 1 END,
                paused_until = CASE WHEN @Answered = 0 AND unanswered + 1 >= @BreakAfter THEN @RestUntil ELSE paused_until END,
                updated_at = @Now
            WHERE id = @WebhookId
            """;
    }
}
