using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using InviteService.Infrastructure.Errors;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Http;

public sealed class ThrottlingOptions
{
    public const string Section = "RateLimits";

    /// <summary>Unknown or dead codes one client may look up (preview or join, either face) per window.</summary>
    [Range(1, 1_000_000)]
    public int FailedLookupsPerWindow { get; set; } = 20;

    /// <summary>Writes (POST, PUT, PATCH, DELETE) one user may make per window.</summary>
    [Range(1, 1_000_000)]
    public int WritesPerWindow { get; set; } = 120;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many clients each limit tracks at most, in each of its two tables (signed-in users, and client addresses): when a
    /// table is full, the client seen least recently is forgotten, which only gives it a fresh window. So the limiters'
    /// memory stays within a fixed size (a few hundred bytes a client) however many distinct clients arrive, a raid of
    /// accounts or addresses included, and no client ever shares a window with another.
    /// </summary>
    [Range(1, 4_194_304)]
    public int TrackedClients { get; set; } = 16_384;

    /// <summary>
    /// How often each process renews its heartbeat row and counts the processes that serve the database, each of which
    /// then enforces its share of every budget (<see cref="BudgetShare"/>). A process that starts is counted by the others
    /// within one heartbeat; one that is killed stops being counted three heartbeats after its last. The same on every
    /// process.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ProcessHeartbeat { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Reverse proxies (IP addresses) whose X-Forwarded-For is believed; with these and <see cref="KnownNetworks"/> empty, the connection's own address is the client.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of reverse proxies, in CIDR notation (<c>10.0.0.0/8</c>), believed like <see cref="KnownProxies"/>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool TrustsProxies => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

/// <summary>
/// The framework's fixed-window rate limiter, per client (the signed-in user, else the client address), tracked exactly
/// within a bounded number of clients (<see cref="ClientTable"/>).
/// </summary>
public static class Throttling
{
    public static IServiceCollection AddThrottling(this IServiceCollection services)
    {
        services.AddOptions<ThrottlingOptions>().BindConfiguration(ThrottlingOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "RateLimits:KnownProxies must be IP addresses.")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "RateLimits:KnownNetworks must be networks in CIDR notation, such as 10.0.0.0/8.")
            .ValidateOnStart();
        services.AddSingleton<FailedLookupLimiter>();
        services.AddSingleton<ThrottlingMetrics>();
        services.AddSingleton<BudgetShare>();
        services.AddHostedService<ProcessHeartbeat>();

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ThrottlingOptions>>((forwarded, throttling) =>
        {
            var o = throttling.Value;
            // With both lists empty the middleware would believe X-Forwarded-For from anyone: then read no header at all.
            forwarded.ForwardedHeaders = o.TrustsProxies ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            forwarded.ForwardLimit = 1; // only the hop the proxy itself saw, never addresses the client wrote
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in o.KnownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in o.KnownNetworks) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ThrottlingOptions>, BudgetShare, ThrottlingMetrics>((limiter, throttling, share, metrics) =>
        {
            var o = throttling.Value;
            limiter.GlobalLimiter = new ClientLimiter(new ClientTable(o.TrackedClients, Window(o.WritesPerWindow, o.Window)), () => share.Of(o.WritesPerWindow));
            limiter.OnRejected = (context, _) =>
            {
                metrics.Limited(ThrottlingMetrics.Writes);
                return new ValueTask(RejectAsync(context.HttpContext, context.Lease, o.Window));
            };
        });
        return services;
    }

    /// <summary>
    /// Puts writes (every method but GET, HEAD and OPTIONS) under the per-client write limit. Reads do not enter the
    /// rate-limiting middleware at all, so they pay nothing for it.
    /// </summary>
    public static IApplicationBuilder UseWriteLimit(this IApplicationBuilder app) =>
        app.UseWhen(context => !IsRead(context.Request.Method), writes => writes.UseRateLimiter());

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>
    /// No timer per client: a <see cref="ClientWindow"/> replenishes its window when the client is seen.
    /// </summary>
    public static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = false };

    public static Task RejectAsync(HttpContext context, RateLimitLease lease, TimeSpan window)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ErrorWriter.WriteAsync(context, Problems.TooManyRequests);
    }
}

/// <summary>
/// Counts only lookups that fail (the endpoint answers 404), per client, so guessing codes is slow while a valid link shared
/// in a busy chat previews freely. A client out of permits is refused every lookup until its window passes.
/// </summary>
/// <remarks>
/// Never more than the configured failures per window, whatever the concurrency: a lookup reserves one of the client's
/// remaining permits before it runs, and gives the reservation back when it did not fail. When every remaining permit
/// is reserved by lookups still running, the next one waits for one of them to settle rather than being refused, so
/// valid previews are never turned away while the client still has permits. Each client has a window of its own
/// (<see cref="ClientWindow"/>, the framework's fixed-window limiter), so one client's failures never cost another a permit.
/// With several processes on one database, each gives a client its share of the budget (<see cref="BudgetShare"/>).
/// </remarks>
public sealed class FailedLookupLimiter(
    IOptions<ThrottlingOptions> options, BudgetShare share, ThrottlingMetrics metrics, IEnumerable<IFailedLookupObserver> observers) : IEndpointFilter
{
    private readonly ClientTable _clients = new(options.Value.TrackedClients, Throttling.Window(options.Value.FailedLookupsPerWindow, options.Value.Window));

    /// <summary>The failures a client may have in this process per window: its share of the budget.</summary>
    private readonly Func<int> _share = () => share.Of(options.Value.FailedLookupsPerWindow);

    private readonly IFailedLookupObserver[] _observers = observers.ToArray();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var client = _clients.For(http);
        if (!await client.ReserveAsync(_share, http.RequestAborted))
        {
            metrics.Limited(ThrottlingMetrics.FailedLookups);
            await Throttling.RejectAsync(http, ClientWindow.Refused, options.Value.Window);
            return Results.Empty;
        }

        var failed = true; // an exception spends the permit, like a failed lookup
        try
        {
            var result = await next(context);
            failed = StatusOf(result) == StatusCodes.Status404NotFound || FailedLookup.IsCounted(http);
            return result;
        }
        finally
        {
            client.Settle(failed);
            if (failed)
            {
                foreach (var observer in _observers) observer.LookupFailed();
            }
        }
    }

    /// <summary>The status an endpoint's result will answer with, looking inside <c>Results&lt;…&gt;</c> unions.</summary>
    private static int? StatusOf(object? result) => result switch
    {
        INestedHttpResult nested => StatusOf(nested.Result),
        IStatusCodeHttpResult status => status.StatusCode,
        _ => null,
    };
}

/// <summary>
/// A lookup that found its code but that the endpoint still counts as failed, as an unknown code is (a refusal that must cost
/// a guesser as much as a 404 does): the endpoint says so here, and <see cref="FailedLookupLimiter"/> spends the permit.
/// </summary>
public static class FailedLookup
{
    private static readonly object Key = new();

    public static void Count(HttpContext context) => context.Items[Key] = true;

    internal static bool IsCounted(HttpContext context) => context.Items.ContainsKey(Key);
}

public static class LookupThrottleExtensions
{
    /// <summary>Puts a code lookup (preview or join) under the failed-lookup limit.</summary>
    public static RouteHandlerBuilder ThrottleFailedLookups(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter((context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<FailedLookupLimiter>().InvokeAsync(context, next))
            .Produces(StatusCodes.Status429TooManyRequests);
}
