namespace InviteService.Infrastructure.Http;

public sealed class CorsOptions
{
    public const string Section = "Cors";

    /// <summary>
    /// Origins of browser front-ends allowed to call the API (<c>https://chat.example.com</c>); empty (the default) allows
    /// none. Preflight requests are answered without a token.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
}

/// <summary>The framework's CORS middleware with one policy: the configured origins, any method and header, our headers exposed.</summary>
public static class Cors
{
    /// <summary>Response headers a browser front-end may read.</summary>
    public static readonly string[] ExposedHeaders = ["Location", "Retry-After", RequestLogging.Header];

    public static IServiceCollection AddInviteCors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CorsOptions>().BindConfiguration(CorsOptions.Section)
            .Validate(o => o.AllowedOrigins.All(IsOrigin), "Cors:AllowedOrigins must be origins such as https://chat.example.com (scheme, host and port only).")
            .ValidateOnStart();
        var origins = configuration.GetSection(CorsOptions.Section).Get<CorsOptions>()?.AllowedOrigins ?? [];
        services.AddCors(cors => cors.AddDefaultPolicy(policy =>
            policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return services;
    }

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" &&
        uri.PathAndQuery == "/" && !origin.EndsWith('/');
}
