using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace InviteService.Infrastructure.Http;

/// <summary>
/// One structured log line per request, with a request id that is also returned as <c>X-Request-Id</c> and matches
/// the problem+json <c>trace_id</c>. Paths are logged as route templates (<c>/invites/{code}</c>), never with a code in them.
/// </summary>
public static class RequestLogging
{
    public const string Header = "X-Request-Id";

    public static string RequestId(HttpContext context) => Activity.Current?.Id ?? context.TraceIdentifier;

    /// <summary>
    /// Framework categories that write the raw request path (so whole codes) into their lines or scopes, and the most
    /// they may log. Set in code, after configuration, so no log level an operator picks brings a code back:
    /// Hosting.Diagnostics writes "Request starting GET …/invites/CODE" and the <c>RequestPath</c> scope that every
    /// line carries when scopes are on (our request line replaces it); routing's matcher quotes the path at Debug; Kestrel
    /// quotes a bad request line at Debug.
    /// </summary>
    public static readonly (string Category, LogLevel Max)[] PathLoggingCategories =
    [
        ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None),
        ("Microsoft.AspNetCore.Routing.Matching", LogLevel.Information),
        ("Microsoft.AspNetCore.Server.Kestrel.BadRequests", LogLevel.Information),
    ];

    /// <summary>
    /// Caps <see cref="PathLoggingCategories"/> whatever the configuration says. The framework applies one rule per
    /// provider and category, the most specific one: so any configured rule at or below these categories is dropped, and
    /// the cap is added for every provider a rule names as well as for all providers.
    /// </summary>
    public static IServiceCollection KeepCodesOutOfLogs(this IServiceCollection services) =>
        services.PostConfigure<LoggerFilterOptions>(options =>
        {
            var providers = options.Rules.Select(r => r.ProviderName).Append(null).Distinct().ToList();
            foreach (var (category, max) in PathLoggingCategories)
            {
                foreach (var shadowed in options.Rules.Where(r => r.CategoryName?.StartsWith(category, StringComparison.Ordinal) == true).ToList())
                {
                    options.Rules.Remove(shadowed);
                }

                foreach (var provider in providers)
                {
                    options.Rules.Add(new LoggerFilterRule(provider, category, max, filter: null));
                }
            }
        });

    /// <summary>The route template of the matched endpoint; for unmatched paths, the path with unknown segments cut short.</summary>
    public static string SafePath(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } template
            ? "/" + template.TrimStart('/')
            : Redact(context.Request.Path.Value ?? "", RouteWords(context));

    /// <summary>
    /// Keeps the segments that are literal words of our routes ("invites", "join", …) and the first three characters of any
    /// other, so a code never appears whole, wherever in an unmatched path it stands.
    /// </summary>
    public static string Redact(string path, IReadOnlySet<string> routeWords)
    {
        var segments = path.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            if (segments[i].Length > 3 && !routeWords.Contains(segments[i])) segments[i] = segments[i][..3] + "…";
        }

        return string.Join('/', segments);
    }

    private static IReadOnlySet<string>? _routeWords;

    /// <summary>Every literal segment of every route template, read once from the endpoint data source.</summary>
    private static IReadOnlySet<string> RouteWords(HttpContext context) => _routeWords ??=
        context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => e.RoutePattern.PathSegments)
            .SelectMany(s => s.Parts.OfType<Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart>())
            .Select(p => p.Content)
            .ToHashSet(StringComparer.Ordinal);

    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("InviteService.Requests");
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var requestId = RequestId(context);
            context.Response.Headers[Header] = requestId;
            try
            {
                await next(context);
            }
            finally
            {
                if (logger.IsEnabled(LogLevel.Information)) // no argument array or boxing when the line is not wanted
                    logger.LogInformation(
                        "HTTP {Method} {Route} responded {StatusCode} in {ElapsedMs:0.0} ms (request {RequestId})",
                        context.Request.Method, SafePath(context), context.Response.StatusCode,
                        Stopwatch.GetElapsedTime(started).TotalMilliseconds, requestId);
            }
        });
    }
}
