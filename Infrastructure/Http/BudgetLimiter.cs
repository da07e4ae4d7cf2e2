using System.Threading.RateLimiting;

namespace InviteService.Infrastructure.Http;

/// <summary>
/// The framework's fixed-window limiter, one per budget, over a fixed number of budgets that resources are spread over
/// (<see cref="ThrottlingOptions.Budgets"/>). Each budget's limiter is made on first use and kept, so memory is bounded by
/// the number of budgets whatever the number of clients. Windows are replenished when a budget is used, not by a timer.
/// </summary>
/// <remarks>
/// Instead of <see cref="PartitionedRateLimiter.Create{TResource, TPartitionKey}"/>, which keeps its partitions in one
/// dictionary behind one lock and walks all of them under that lock every 100 ms to replenish them: with thousands of
/// budgets in use, every write waited on that lock (profiled under the join benchmark: the rate-limiting middleware at
/// about 8% of the service's CPU, much of it spinning). Here a request touches only its own budget's limiter.
/// </remarks>
public sealed class BudgetLimiter<TResource>(Func<TResource, int> budgetOf, int budgets, FixedWindowRateLimiterOptions window)
    : PartitionedRateLimiter<TResource>
{
    private readonly FixedWindowRateLimiter?[] _limiters = new FixedWindowRateLimiter?[budgets];

    /// <summary>The limiter of <paramref name="budget"/>, its window replenished if it has passed.</summary>
    public FixedWindowRateLimiter For(int budget)
    {
        // Two first uses at once may both make one; one is kept, and the other (no timer, nothing queued) is simply dropped.
        var limiter = LazyInitializer.EnsureInitialized(ref _limiters[budget], () => new FixedWindowRateLimiter(window));
        limiter.TryReplenish();
        return limiter;
    }

    public override RateLimiterStatistics? GetStatistics(TResource resource) => For(budgetOf(resource)).GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(TResource resource, int permitCount) =>
        For(budgetOf(resource)).AttemptAcquire(permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(TResource resource, int permitCount, CancellationToken cancellationToken) =>
        For(budgetOf(resource)).AcquireAsync(permitCount, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var limiter in _limiters) limiter?.Dispose();
        }

        base.Dispose(disposing);
    }
}
