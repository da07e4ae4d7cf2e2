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
/// dead endpoint holds only its own attempts, never the others or any API request.
/// </summary>
public sealed class WebhookDispatcher(
    Db db, IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string ClientName = "webhooks";
    public const string UserAgent = "InviteService-Webhooks/1.0";

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
        // A read first: with nothing due, polling never takes the single writer.
        if (!await db.ReadAsync(c => c.ExecuteScalarAsync<bool>(Sql.AnyDue, new { Now = now }), cancellationToken)) return [];
        var result = await db.WriteAsync<IReadOnlyList<Due>>(async (connection, transaction) =>
        {
            var token = Guid.NewGuid().ToString("N");
            var leased = await connection.ExecuteAsync(Sql.Lease, new { Token = token, LeaseUntil = leaseUntil, Now = now, Limit = limit }, transaction);
            if (leased == 0) return Array.Empty<Due>();
            return (await connection.QueryAsync<Due>(Sql.Claimed, new { Token = token }, transaction)).AsList();
        }, cancellationToken);
        return result.Value!;
    }

    private async Task AttemptAsync(Due delivery, CancellationToken stoppingToken)
    {
        int? status = null;
        string? error = null;
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
            if (!response.IsSuccessStatusCode) error = $"answered {status}";
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            error = $"no answer within {options.Value.Timeout.TotalSeconds:0.#} s";
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or InvalidOperationException or UriFormatException)
        {
            error = (ex.InnerException ?? ex).Message;
        }
        finally
        {
            _slots.Release();
        }

        if (stoppingToken.IsCancellationRequested && status is null) return; // shutting down: the lease expires and it is sent again
        try
        {
            await RecordAsync(delivery, status, error);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record a webhook attempt; its lease expires and it is sent again");
        }
    }

    private Task RecordAsync(Due delivery, int? status, string? error)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var o = options.Value;
        var attempts = delivery.Attempts + 1;
        var delivered = error is null;
        var schedule = o.Schedule;
        var last = !delivered && attempts > schedule.Count;
        var delay = delivered || last ? TimeSpan.Zero : schedule[(int)attempts - 1] * (1 + (Random.Shared.NextDouble() * 2 - 1) * WebhookOptions.Jitter);
        return db.WriteAsync<int>(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(Sql.Record, new
            {
                delivery.Id,
                Status = delivered ? "delivered" : last ? "failed" : "pending",
                Attempts = attempts,
                NextAttemptAt = now + (long)delay.TotalMilliseconds,
                LastStatus = status,
                LastError = error is null ? null : error.Length > 500 ? error[..500] : error,
                Now = now,
            }, transaction);
            await connection.ExecuteAsync(delivered ? Sql.Healthy : Sql.Failing, new
            {
                delivery.WebhookId,
                Now = now,
                DisableBefore = now - (long)o.DisableAfter.TotalMilliseconds,
            }, transaction);
            return 0;
        });
    }

    /// <summary>Connects only to public addresses, checked after DNS resolution (so a name cannot point back inside).</summary>
    public static async ValueTask<Stream> ConnectPublicOnlyAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0) throw new HttpRequestException($"blocked: {context.DnsEndPoint.Host} is not a public address (Webhooks:BlockPrivateTargets)");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254)
                 || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] == 0 || b[0] >= 224);
    }

    private static class Sql
    {
        /// <summary>A delivery is due: pending, its time come, and not leased (or its lease ran out). Binds <c>@Now</c>.</summary>
        private const string DueWhere = "status = 'pending' AND next_attempt_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)";

        public const string AnyDue = $"SELECT EXISTS (SELECT 1 FROM webhook_deliveries WHERE {DueWhere})";

        /// <summary>Leases up to @Limit due deliveries under this claim's own token, then <see cref="Claimed"/> reads them back.</summary>
        public const string Lease = $"""
            UPDATE webhook_deliveries
            SET lease_until = @LeaseUntil, lease_token = @Token, updated_at = @Now
            WHERE id IN (
                SELECT id FROM webhook_deliveries
                WHERE {DueWhere}
                ORDER BY next_attempt_at
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

        public const string Record = """
            UPDATE webhook_deliveries
            SET status = @Status, attempts = @Attempts, next_attempt_at = @NextAttemptAt, lease_until = NULL, lease_token = NULL,
                last_status = @LastStatus, last_error = @LastError, updated_at = @Now
            WHERE id = @Id
            """;

        public const string Healthy = "UPDATE webhooks SET failing_since = NULL WHERE id = @WebhookId AND failing_since IS NOT NULL";

        /// <summary>Starts the failing period, and disables an endpoint that has failed for longer than Webhooks:DisableAfter.</summary>
        public const string Failing = """
            UPDATE webhooks
            SET failing_since = COALESCE(failing_since, @Now),
                disabled = CASE WHEN failing_since IS NOT NULL AND failing_since <= @DisableBefore THEN 1 ELSE disabled END,
                updated_at = @Now
            WHERE id = @WebhookId
            """;
    }
}
