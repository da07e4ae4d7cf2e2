using System.Threading.RateLimiting;

namespace InviteService.Infrastructure.Http;

/// <summary>
/// One client's window of one limit: the framework's fixed-window limiter counts the permits the client spent, and the
/// lookups it has in flight hold reservations on what is left. The client may spend up to the share of the budget it is
/// given on each call.
/// </summary>
/// <remarks>
/// The limiter's permit limit is the whole budget; the share is checked here, under this window's lock, so a smaller share
/// applies to a window already open without losing what it counted. Windows are replenished when the client is seen, not
/// by a timer.
/// </remarks>
public sealed class ClientWindow(FixedWindowRateLimiterOptions window)
{
    private readonly FixedWindowRateLimiter _limiter = new(window);

    /// <summary>Lookups in flight that hold one of the remaining permits each.</summary>
    private int _reserved;

    /// <summary>Completed when a lookup in flight settles, for those waiting on a reservation.</summary>
    private TaskCompletionSource? _settled;

    /// <summary>What a refused client is answered with: no permit, and Retry-After is the window.</summary>
    public static readonly RateLimitLease Refused = new RefusedLease();

    public RateLimiterStatistics? Statistics
    {
        get
        {
            lock (_limiter) return _limiter.GetStatistics();
        }
    }

    /// <summary>Takes <paramref name="permits"/> if the client has them left within <paramref name="share"/>; else <see cref="Refused"/>.</summary>
    public RateLimitLease Acquire(int permits, int share)
    {
        lock (_limiter)
        {
            return Spent() + _reserved + Math.Max(permits, 1) > share ? Refused : _limiter.AttemptAcquire(permits);
        }
    }

    /// <summary>
    /// Reserves one of the permits left in the client's window that no lookup in flight has reserved; false when the window
    /// has none left. While all that are left are reserved, waits until one of those lookups settles.
    /// </summary>
    public async Task<bool> ReserveAsync(Func<int> share, CancellationToken aborted)
    {
        while (true)
        {
            Task settled;
            lock (_limiter)
            {
                var left = share() - Spent();
                if (left <= 0) return false;
                if (left - _reserved > 0)
                {
                    _reserved++;
                    return true;
                }

                settled = (_settled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            await settled.WaitAsync(aborted);
        }
    }

    /// <summary>Spends a reservation (<paramref name="spend"/>) or hands it back; one step, so no other lookup sees half of it.</summary>
    public void Settle(bool spend)
    {
        lock (_limiter)
        {
            if (spend)
            {
                _limiter.TryReplenish();
                _limiter.AttemptAcquire(1).Dispose();
            }

            _reserved--;
            _settled?.SetResult();
            _settled = null;
        }
    }

    /// <summary>The permits spent in the current window, after starting a new window if the last one has passed. Under the lock.</summary>
    private long Spent()
    {
        _limiter.TryReplenish();
        return window.PermitLimit - (_limiter.GetStatistics()?.CurrentAvailablePermits ?? 0);
    }

    private sealed class RefusedLease : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
