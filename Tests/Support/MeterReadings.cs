using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using InviteService.Infrastructure.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace InviteService.Tests.Support;

/// <summary>
/// What one service instance records on its own meter, read with the framework's <see cref="MeterListener"/>: only that
/// instance's instruments (its <see cref="IMeterFactory"/>), so tests running side by side never see each other's counts.
/// Measurements from before it started are not seen: start it, then act.
/// </summary>
public sealed class MeterReadings : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public MeterReadings(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ServiceMeter.Name && ReferenceEquals(instrument.Meter.Scope, factory)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue((instrument.Name, value, tags.ToArray()));

    /// <summary>The sum of what <paramref name="instrument"/> recorded with at least these tags: a counter's increase.</summary>
    public double Sum(string instrument, params (string Key, string Value)[] tags) => Values(instrument, tags).Sum();

    /// <summary>Every value <paramref name="instrument"/> recorded with at least these tags, in order.</summary>
    public IReadOnlyList<double> Values(string instrument, params (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(k => k.Key == t.Key && Equals(k.Value?.ToString(), t.Value))))
            .Select(m => m.Value).ToList();

    /// <summary>Reads the observable instruments now, as an exporter's collection does: an observable gauge's current value, or null for none.</summary>
    public double? Observe(string instrument)
    {
        var before = _measurements.Count(m => m.Instrument == instrument);
        _listener.RecordObservableInstruments();
        var readings = _measurements.Where(m => m.Instrument == instrument).Select(m => m.Value).ToList();
        return readings.Count > before ? readings[^1] : null;
    }

    public void Dispose() => _listener.Dispose();
}
