using System.ComponentModel.DataAnnotations;

namespace InviteService.Infrastructure.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Waits before each retry after a failed attempt; after the last, the delivery is failed. Unset: Svix's schedule,
    /// <see cref="DefaultRetryDelays"/>, over a day. (Empty by default because configuration appends to an array.)
    /// </summary>
    public TimeSpan[] RetryDelays { get; set; } = [];

    public static readonly TimeSpan[] DefaultRetryDelays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    public IReadOnlyList<TimeSpan> Schedule => RetryDelays.Length > 0 ? RetryDelays : DefaultRetryDelays;

    /// <summary>An endpoint whose deliveries have all failed for this long is disabled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Delivered and failed deliveries (and events no delivery needs) are pruned by housekeeping after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>One attempt's limit, connecting and answering included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher looks for due deliveries when it was not woken by a new one.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts in flight at once, across all endpoints.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentAttempts { get; set; } = 32;

    /// <summary>Refuse loopback, private, link-local and metadata addresses, checked after DNS resolution when connecting.</summary>
    public bool BlockPrivateTargets { get; set; }

    /// <summary>A share of each retry delay added or taken at random, so retries of many deliveries do not arrive together.</summary>
    public const double Jitter = 0.2;
}
