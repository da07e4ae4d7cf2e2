using Scalar.AspNetCore;

namespace InviteService.Infrastructure.OpenApi;

/// <summary>
/// A browsable API reference at <c>/docs</c>, over /openapi/v1.json, that works with no internet access: Scalar's script
/// and styles are served by this process from the package's own assets, with no web fonts, telemetry or AI agent that
/// would call out. Its pages carry a Content-Security-Policy as strict as Scalar runs under (see <see cref="Policy"/>),
/// and may not be framed.
/// </summary>
public static class ApiReference
{
    public const string Path = "/docs";

    /// <summary>
    /// Scripts only from this process or with this response's nonce (Scalar puts a fresh one on each of its script tags);
    /// requests only back to this process (the document, and "try it" calls to the API it describes). Scalar writes its
    /// styles as inline style attributes and style elements at run time, so styles allow inline; nothing else does.
    /// </summary>
    private static string Policy(string? nonce) =>
        $"default-src 'none'; script-src 'self'{(nonce is null ? "" : $" 'nonce-{nonce}'")}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference(Path, options => options
                .WithTitle("InviteService API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .WithNonce()
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()
                .AddPreferredSecuritySchemes(OpenApiContract.Bearer))
            .AllowAnonymous()
            .ExcludeFromDescription()
            .Add(builder =>
            {
                var serve = builder.RequestDelegate!;
                builder.RequestDelegate = context =>
                {
                    context.Response.OnStarting(() =>
                    {
                        var headers = context.Response.Headers;
                        headers.ContentSecurityPolicy = Policy(context.Items[ScalarOptions.NonceHttpContextItemKey] as string);
                        headers.XFrameOptions = "DENY";
                        headers.XContentTypeOptions = "nosniff";
                        headers["Referrer-Policy"] = "no-referrer";
                        return Task.CompletedTask;
                    });
                    return serve(context);
                };
            });
        return app;
    }
}
