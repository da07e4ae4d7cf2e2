using System.Diagnostics.Metrics;
using InviteService.Infrastructure.Metrics;

namespace InviteService.Infrastructure.Http;

/// <summary>
/// What the limits count: requests refused with 429, by limit (<c>rate_limited_total{limit}</c>, <c>limit</c> being
/// <see cref="Writes"/> or <see cref="FailedLookups"/>). Each limit's series exists from the start, at 0, so a rate over it
/// is defined before the first refusal. The lookups that failed are counted by the area that owns what was looked up
/// (<see cref="IFailedLookupObserver"/>).
/// </summary>
public sealed class ThrottlingMetrics
{
    public const string Writes = "writes";
    public const string FailedLookups = "failed_lookups";

    private readonly Counter<long> _limited;

    public ThrottlingMetrics(ServiceMeter meter)
    {
        _limited = meter.Meter.CreateCounter<long>("rate_limited", "{request}", "Requests refused with 429, by limit: writes or failed_lookups.");
        _limited.Add(0, new KeyValuePair<string, object?>("limit", Writes));
        _limited.Add(0, new KeyValuePair<string, object?>("limit", FailedLookups));
    }

    public void Limited(string limit) => _limited.Add(1, new KeyValuePair<string, object?>("limit", limit));
}
