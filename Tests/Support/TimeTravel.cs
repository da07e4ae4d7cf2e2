using Microsoft.Extensions.Time.Testing;

namespace InviteService.Tests.Support;

/// <summary>
/// Moving a test's clock so that it comes back by construction: every move returns a handle that puts the clock back
/// where it was when disposed (<c>using</c>), so no test leaves a shared service at another time.
/// </summary>
public static class TimeTravel
{
    /// <summary>Where every test service's clock starts: 14 February 2026, noon UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 2, 14, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider NewClock() => new(Start);

    /// <summary>Moves the clock forward by <paramref name="by"/> (firing due timers) until disposed.</summary>
    public static IDisposable Shift(this FakeTimeProvider time, TimeSpan by)
    {
        var back = time.GetUtcNow();
        time.Advance(by);
        return new Rewind(time, back);
    }

    /// <summary>Sets the clock to <paramref name="when"/> until disposed.</summary>
    public static IDisposable At(this FakeTimeProvider time, DateTimeOffset when)
    {
        var back = time.GetUtcNow();
        time.AdjustTime(when);
        return new Rewind(time, back);
    }

    private sealed class Rewind(FakeTimeProvider time, DateTimeOffset back) : IDisposable
    {
        public void Dispose() => time.AdjustTime(back);
    }
}
