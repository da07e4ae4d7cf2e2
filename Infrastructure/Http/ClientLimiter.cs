using System.Threading.RateLimiting;

namespace InviteService.Infrastructure.Http;

/// <summary>
/// The framework's partitioned rate limiter over a <see cref="ClientTable"/>: each client its own fixed window, none shared,
/// within a bounded number of tracked clients. For the rate-limiting middleware (the write limit).
/// </summary>
/// <remarks>
/// Instead of <see cref="PartitionedRateLimiter.Create{TResource, TPartitionKey}"/>, which keeps every partition it ever
/// made until it idles, in one dictionary behind one lock, and walks all of them under that lock every 100 ms: here memory is
/// bounded by the table, and a request locks only its own client's window and the table's shard.
/// </remarks>
/// <param name="share">The permits each client may spend per window in this process.</param>
public sealed class ClientLimiter(ClientTable clients, Func<int> share) : PartitionedRateLimiter<HttpContext>
{
    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => clients.For(resource).Statistics;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        clients.For(resource).Acquire(permitCount, share());

    /// <summary>Nothing waits in a queue: a client out of permits is refused at once.</summary>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        new(AttemptAcquireCore(resource, permitCount));
}
