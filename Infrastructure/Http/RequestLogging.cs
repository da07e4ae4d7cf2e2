using System.Diagnostics;

namespace InviteService.Infrastructure.Http;

/// <summary>
/// One structured log line per request, with a request id that is also returned as <c>X-Request-Id</c> and matches
/// the problem+json <c>trace_id</c>. Paths are logged as route templates (<c>/invites/{code}</c>), never with a code in them.
/// </summary>
public static class RequestLogging
{
    public const string Header = "X-Request-Id";

    public static string RequestId(HttpContext context) => Activity.Current?.Id ?? context.TraceIdentifier;

    /// <summary>The route template of the matched endpoint; for unmatched paths, the path with code-like segments cut short.</summary>
    public static string SafePath(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } template
            ? "/" + template.TrimStart('/')
            : Redact(context.Request.Path.Value ?? "");

    /// <summary>Keeps the first three characters of any segment that follows "invites" or "join" (where codes live).</summary>
    public static string Redact(string path)
    {
        var segments = path.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            if (segments[i - 1] is "invites" or "join" && segments[i].Length > 3) segments[i] = segments[i][..3] + "…";
        }

        return string.Join('/', segments);
    }

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
