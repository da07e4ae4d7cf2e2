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
    /// How many budgets each limit keeps at most: clients are spread over this many by a hash of their key that differs
    /// in every process, so the limiters' memory stays within a fixed size (about 200 bytes a budget) however many distinct
    /// clients arrive, a raid of accounts or forged addresses included. Two clients that land on one budget share it;
    /// with a few hundred active clients a window, that is about one in a hundred.
    /// </summary>
    [Range(1, 1_048_576)]
    public int Budgets { get; set; } = 16_384;

    /// <summary>Reverse proxies (IP addresses) whose X-Forwarded-For is believed; with these and <see cref="KnownNetworks"/> empty, the connection's own address is the client.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of reverse proxies, in CIDR notation (<c>10.0.0.0/8</c>), believed like <see cref="KnownProxies"/>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool TrustsProxies => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

/// <summary>
/// The framework's fixed-window rate limiter, per client (the signed-in user, else the client address) over a fixed number
/// of budgets (<see cref="ThrottlingOptions.Budgets"/>), so its memory is bounded whatever the number of clients.
/// </summary>
public static class Throttling
{
    public static string ClientKey(HttpContext context) =>
        context.User.FindFirst("sub")?.Value is { Length: > 0 } sub
            ? "user:" + sub
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>
    /// The budget a client spends: its key hashed with this process's random seed (string hashing in .NET is randomized
    /// per process, so nobody can pick keys that collide with someone else's budget in advance).
    /// </summary>
    public static int Budget(HttpContext context, int budgets) =>
        (int)((uint)StringComparer.Ordinal.GetHashCode(ClientKey(context)) % (uint)budgets);

    public static IServiceCollection AddThrottling(this IServiceCollection services)
    {
        services.AddOptions<ThrottlingOptions>().BindConfiguration(ThrottlingOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "RateLimits:KnownProxies must be IP addresses.")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "RateLimits:KnownNetworks must be networks in CIDR notation, such as 10.0.0.0/8.")
            .ValidateOnStart();
        services.AddSingleton<FailedLookupLimiter>();

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
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ThrottlingOptions>>((limiter, throttling) =>
        {
            var o = throttling.Value;
            limiter.GlobalLimiter = new BudgetLimiter<HttpContext>(context => Budget(context, o.Budgets), o.Budgets, Window(o.WritesPerWindow, o.Window));
            limiter.OnRejected = (context, _) => new ValueTask(RejectAsync(context.HttpContext, context.Lease, o.Window));
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
    /// No timer per budget: <see cref="BudgetLimiter{TResource}"/> replenishes a budget's window when the budget is used.
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
/// valid previews are never turned away while the client still has permits. The window and its permits are the
/// framework's fixed-window limiter (one per budget, <see cref="BudgetLimiter{TResource}"/>); only the count of
/// reservations in flight is kept here, per budget.
/// </remarks>
public sealed class FailedLookupLimiter(IOptions<ThrottlingOptions> options) : IEndpointFilter, IDisposable
{
    private readonly BudgetLimiter<int> _limiter = new(budget => budget, options.Value.Budgets,
        Throttling.Window(options.Value.FailedLookupsPerWindow, options.Value.Window));

    /// <summary>Each budget's lookups in flight, made on first use; a lookup locks only its own budget's entry.</summary>
    private readonly InFlight?[] _inFlight = new InFlight?[options.Value.Budgets];

    private sealed class InFlight
    {
        public int Reserved;
        public TaskCompletionSource? Settled;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = Throttling.Budget(http, options.Value.Budgets);
        var entry = LazyInitializer.EnsureInitialized(ref _inFlight[key], () => new InFlight());
        if (!await ReserveAsync(key, entry, http.RequestAborted))
        {
            using var refused = _limiter.AttemptAcquire(key, 0); // for its Retry-After
            await Throttling.RejectAsync(http, refused, options.Value.Window);
            return Results.Empty;
        }

        var failed = true; // an exception spends the permit, like a failed lookup
        try
        {
            var result = await next(context);
            failed = StatusOf(result) == StatusCodes.Status404NotFound;
            return result;
        }
        finally
        {
            Settle(key, entry, failed);
        }
    }

    /// <summary>
    /// Takes one of the permits left in the client's window that no running lookup has reserved; false when the window
    /// has none left. While all that are left are reserved, waits until one of those lookups settles.
    /// </summary>
    private async Task<bool> ReserveAsync(int key, InFlight entry, CancellationToken aborted)
    {
        while (true)
        {
            Task settled;
            lock (entry)
            {
                var available = _limiter.For(key).GetStatistics()?.CurrentAvailablePermits ?? 0;
                if (available <= 0) return false;
                if (available - entry.Reserved > 0)
                {
                    entry.Reserved++;
                    return true;
                }

                settled = (entry.Settled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            await settled.WaitAsync(aborted);
        }
    }

    /// <summary>Spends the reservation on a failed lookup, or hands it back; one step, so no other lookup sees half of it.</summary>
    private void Settle(int key, InFlight entry, bool failed)
    {
        lock (entry)
        {
            if (failed) _limiter.For(key).AttemptAcquire(1).Dispose();
            entry.Reserved--;
            entry.Settled?.SetResult();
            entry.Settled = null;
        }
    }

    /// <summary>The status an endpoint's result will answer with, looking inside <c>Results&lt;…&gt;</c> unions.</summary>
    private static int? StatusOf(object? result) => result switch
    {
        INestedHttpResult nested => StatusOf(nested.Result),
        IStatusCodeHttpResult status => status.StatusCode,
        _ => null,
    };

    public void Dispose() => _limiter.Dispose();
}

public static class LookupThrottleExtensions
{
    /// <summary>Puts a code lookup (preview or join) under the failed-lookup limit.</summary>
    public static RouteHandlerBuilder ThrottleFailedLookups(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter((context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<FailedLookupLimiter>().InvokeAsync(context, next))
            .Produces(StatusCodes.Status429TooManyRequests);
}
