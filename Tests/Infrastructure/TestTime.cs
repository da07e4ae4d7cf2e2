namespace InviteService.Tests.Infrastructure;

/// <summary>A clock the tests move by hand.</summary>
public sealed class TestTime : TimeProvider
{
    private DateTimeOffset _now = new(2026, 2, 14, 12, 0, 0, TimeSpan.Zero);
    private readonly Lock _lock = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock) _now += by;
    }

    /// <summary>Moves the clock for the length of a <c>using</c> block, and back again after it.</summary>
    public IDisposable Shift(TimeSpan by)
    {
        Advance(by);
        return new Rewind(this, by);
    }

    private sealed class Rewind(TestTime time, TimeSpan by) : IDisposable
    {
        public void Dispose() => time.Advance(-by);
    }

    public void Set(DateTimeOffset to)
    {
        lock (_lock) _now = to;
    }
}
