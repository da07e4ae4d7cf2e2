using Scalar.AspNetCore;

namespace InviteService.Infrastructure.OpenApi;

/// <summary>
/// A browsable API reference at <c>/docs</c>, over /openapi/v1.json, that works with no internet access: Scalar's script
/// and styles are served by this process from the package's own assets, with no web fonts, telemetry or AI agent that
/// would call out.
/// </summary>
public static class ApiReference
{
    public const string Path = "/docs";

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference(Path, options => options
                .WithTitle("InviteService API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .AddPreferredSecuritySchemes(OpenApiContract.Bearer))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
