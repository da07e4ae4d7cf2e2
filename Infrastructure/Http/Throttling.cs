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

    /// <summary>Reverse proxies whose X-Forwarded-For is believed; empty means the peer address is the client.</summary>
    public string[] KnownProxies { get; set; } = [];
}

/// <summary>The framework's rate limiter, partitioned per client: the signed-in user, else the client address.</summary>
public static class Throttling
{
    public static readonly HttpProblem TooManyRequests = new(429, "rate_limited", "Too many requests; retry later");

    public static string ClientKey(HttpContext context) =>
        context.User.FindFirst("sub")?.Value is { Length: > 0 } sub
            ? "user:" + sub
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    public static IServiceCollection AddThrottling(this IServiceCollection services)
    {
        services.AddOptions<ThrottlingOptions>().BindConfiguration(ThrottlingOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "RateLimits:KnownProxies must be IP addresses.")
            .ValidateOnStart();
        services.AddSingleton<FailedLookupLimiter>();

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ThrottlingOptions>>((forwarded, throttling) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only configured proxies are believed, not even loopback by default.
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in throttling.Value.KnownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        });

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ThrottlingOptions>>((limiter, throttling) =>
        {
            var o = throttling.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("reads")
                    : RateLimitPartition.GetFixedWindowLimiter("write:" + ClientKey(context), _ => Window(o.WritesPerWindow, o.Window)));
            limiter.OnRejected = (context, _) => new ValueTask(RejectAsync(context.HttpContext, context.Lease, o.Window));
        });
        return services;
    }

    /// <summary>
    /// No timer per partition: the partitioned limiter replenishes its partitions on its own tick, so a burst of many
    /// distinct users costs one small limiter each (dropped once idle), not one timer each.
    /// </summary>
    public static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = false };

    public static Task RejectAsync(HttpContext context, RateLimitLease lease, TimeSpan window)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ErrorWriter.WriteAsync(context, TooManyRequests);
    }
}

/// <summary>
/// Counts only lookups that fail (the endpoint answers 404), per client, so guessing codes is slow while a valid link shared
/// in a busy chat previews freely. A client out of permits is refused every lookup until its window passes.
/// </summary>
public sealed class FailedLookupLimiter(IOptions<ThrottlingOptions> options) : IEndpointFilter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => Throttling.Window(options.Value.FailedLookupsPerWindow, options.Value.Window)));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = Throttling.ClientKey(http);
        using (var peek = _limiter.AttemptAcquire(key, 0))
        {
            if (!peek.IsAcquired)
            {
                await Throttling.RejectAsync(http, peek, options.Value.Window);
                return Results.Empty;
            }
        }

        var result = await next(context);
        if (StatusOf(result) == StatusCodes.Status404NotFound)
        {
            _limiter.AttemptAcquire(key, 1).Dispose();
        }

        return result;
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
