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

    /// <summary>
    /// How long connecting may take (at most <see cref="Timeout"/>): an endpoint that does not even accept a connection frees
    /// its slot soon.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>One attempt's limit, connecting and answering included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher looks for due deliveries when it was not woken by a new one.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts in flight at once in this process, across all endpoints.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentAttempts { get; set; } = 32;

    /// <summary>
    /// Attempts in flight at once to one endpoint, across every process on the database: a slow endpoint holds at most
    /// this many slots, and the others' deliveries go on.
    /// </summary>
    [Range(1, 100)]
    public int MaxConcurrentPerEndpoint { get; set; } = 4;

    /// <summary>After this many attempts in a row without an answer (timed out, refused, unreachable), an endpoint rests.</summary>
    [Range(1, 1000)]
    public int BreakAfter { get; set; } = 5;

    /// <summary>How long a resting endpoint gets no attempts; its deliveries wait, without spending their retries.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan BreakFor { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Only public (global unicast) addresses are reached, judged after DNS resolution at every attempt, and a URL whose
    /// host is a non-public address literal is refused when a subscription is created or changed. On by default; turn it
    /// off to deliver to a receiver on the same host or network (Development settings do).
    /// </summary>
    public bool BlockPrivateTargets { get; set; } = true;

    /// <summary>
    /// A proxy for webhook requests (<c>http://proxy.internal:3128</c>); none by default, whatever HTTP_PROXY says. With one,
    /// each target's host is still judged by <see cref="BlockPrivateTargets"/> before the request goes out.
    /// </summary>
    [Url]
    public string? Proxy { get; set; }

    /// <summary>A share of each retry delay added or taken at random, so retries of many deliveries do not arrive together.</summary>
    public const double Jitter = 0.2;
}
