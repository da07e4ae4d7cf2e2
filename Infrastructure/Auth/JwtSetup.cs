using System.Security.Claims;
using System.Text.Json;
using InviteService.Infrastructure.Errors;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InviteService.Infrastructure.Auth;

public static class JwtSetup
{
    public static IServiceCollection AddInviteAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<TokenIssuer>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, TimeProvider>((jwt, auth, time) => Configure(jwt, auth.Value, time));

        // Deny by default is applied to the modules' routes by the composition root; the default policy is a signed-in user.
        services.AddAuthorization();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuthorizationResults>();
        return services;
    }

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Lifetime is checked against the injected clock, the same one that stamps invites.</summary>
    public static TokenValidationParameters ValidationParameters(AuthOptions auth, TimeProvider time) => new()
    {
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            return expires is { } exp && now <= exp.ToUniversalTime() + ClockSkew &&
                   (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - ClockSkew);
        },
        IssuerSigningKey = new SymmetricSecurityKey(auth.KeyBytes),
        ValidateIssuerSigningKey = true,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = !string.IsNullOrEmpty(auth.Issuer),
        ValidIssuer = auth.Issuer,
        ValidateAudience = !string.IsNullOrEmpty(auth.Audience),
        ValidAudience = auth.Audience,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = ClockSkew,
        NameClaimType = "name",
        RoleClaimType = "role",
    };

    /// <summary>
    /// What a correctly signed, current token can still be refused for: a <c>crit</c> header, or a <c>sub</c> that is no
    /// user id. Null when the token is fine.
    /// </summary>
    private static string? Refusal(SecurityToken token, ClaimsPrincipal? principal)
    {
        // RFC 7515 §4.1.11: a JWS whose "crit" lists an extension the recipient does not understand is invalid. This service
        // understands none, so a "crit" member of any value (even [] or null, which producers must not send) refuses the token.
        if (token is not JsonWebToken jwt || HasHeader(jwt, "crit")) return "The token's header has a crit parameter, and no extension is understood here.";

        return Caller.IsUserId(principal?.FindFirst("sub")?.Value) ? null : $"The token's sub claim must be {Caller.UserIdRule}.";
    }

    /// <summary>Whether the token's JOSE header has the member <paramref name="name"/>, whatever its value.</summary>
    private static bool HasHeader(JsonWebToken jwt, string name)
    {
        using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedHeader));
        return header.RootElement.ValueKind == JsonValueKind.Object && header.RootElement.TryGetProperty(name, out _);
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, TimeProvider time)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = ValidationParameters(auth, time);
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (Refusal(context.SecurityToken, context.Principal) is { } reason) context.Fail(reason);
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                // Keep the WWW-Authenticate header, but answer in the face's error shape.
                context.HandleResponse();
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ErrorWriter.WriteAsync(context.HttpContext, Problems.Unauthorized);
            },
        };
    }
}
