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

        services.AddSingleton<ProviderKeys>();
        services.AddHttpClient(ProviderKeys.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            // ProviderKeys logs each fetch that changes something or fails, once, instead of the client's lines per request.
            .RemoveAllLoggers();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, TimeProvider, ProviderKeys>((jwt, auth, time, keys) => Configure(jwt, auth.Value, time, keys));

        // Deny by default is applied to the modules' routes by the composition root; the default policy is a signed-in user.
        services.AddAuthorization();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuthorizationResults>();
        return services;
    }

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Lifetime is checked against the injected clock, the same one that stamps invites. Each algorithm has its signer: HS256
    /// tokens are checked with the shared key alone, RS256, PS256 and ES256 tokens with the identity provider's keys alone
    /// (so a token can never have a provider's public key taken for an HMAC secret), and each carries its signer's issuer.
    /// </summary>
    public static TokenValidationParameters ValidationParameters(AuthOptions auth, TimeProvider time, ProviderKeys keys)
    {
        var sharedKey = auth.HasSigningKey ? new SymmetricSecurityKey(auth.KeyBytes) : null;
        return new TokenValidationParameters
        {
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is { } exp && now <= exp.ToUniversalTime() + ClockSkew &&
                       (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - ClockSkew);
            },
            IssuerSigningKeyResolver = (_, token, kid, _) => token is not JsonWebToken jwt ? [] :
                jwt.Alg == SecurityAlgorithms.HmacSha256 ? (sharedKey is null ? [] : [sharedKey]) :
                auth.HasAuthority ? keys.For(jwt.Alg, kid) : [],
            TryAllIssuerSigningKeys = false,
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = [.. auth.HasSigningKey ? [SecurityAlgorithms.HmacSha256] : Array.Empty<string>(), .. auth.HasAuthority ? ProviderKeys.Algorithms : []],
            ValidateIssuer = true,
            IssuerValidator = (issuer, token, _) =>
            {
                // Auth:Issuer, when set, for the shared key's tokens; the discovery document's issuer for the provider's.
                var shared = token is JsonWebToken { Alg: SecurityAlgorithms.HmacSha256 };
                var expected = shared ? auth.Issuer : keys.Issuer;
                if (shared && string.IsNullOrEmpty(expected)) return issuer;
                return !string.IsNullOrEmpty(expected) && issuer == expected
                    ? issuer
                    : throw new SecurityTokenInvalidIssuerException("The token's issuer is not the one expected of its signer.") { InvalidIssuer = issuer };
            },
            ValidateAudience = !string.IsNullOrEmpty(auth.Audience),
            ValidAudience = auth.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
            NameClaimType = "name",
            RoleClaimType = "role",
        };
    }

    private static bool IsFromProvider(JsonWebToken jwt) => ProviderKeys.Algorithms.Contains(jwt.Alg);

    /// <summary>
    /// What a correctly signed, current token can still be refused for, or the caller it names: a <c>crit</c> header, or a
    /// user id that is no user id, refuse it. A token of the identity provider is read through the configured claim names
    /// (<see cref="ProviderClaims"/>) and answered with the service's own (<c>sub</c>, <c>name</c>, <c>picture</c>,
    /// <c>role</c>); an HS256 token carries those already.
    /// </summary>
    private static (ClaimsPrincipal? Caller, string? Refusal) Check(SecurityToken token, ClaimsPrincipal? principal, AuthOptions auth)
    {
        // RFC 7515 §4.1.11: a JWS whose "crit" lists an extension the recipient does not understand is invalid. This service
        // understands none, so a "crit" member of any value (even [] or null, which producers must not send) refuses the token.
        if (token is not JsonWebToken jwt || HasHeader(jwt, "crit")) return (null, "The token's header has a crit parameter, and no extension is understood here.");

        if (IsFromProvider(jwt))
        {
            var (identity, refusal) = ProviderClaims.Read(jwt, auth);
            return identity is null ? (null, refusal) : (new ClaimsPrincipal(identity), null);
        }

        return Caller.IsUserId(principal?.FindFirst("sub")?.Value) ? (principal, null) : (null, $"The token's sub claim must be {Caller.UserIdRule}.");
    }

    /// <summary>Whether the token's JOSE header has the member <paramref name="name"/>, whatever its value.</summary>
    private static bool HasHeader(JsonWebToken jwt, string name)
    {
        using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedHeader));
        return header.RootElement.ValueKind == JsonValueKind.Object && header.RootElement.TryGetProperty(name, out _);
    }

    /// <summary>
    /// The token of a request, when it is one of the identity provider's: its key id (null when it names none). A header that
    /// is no JWT is left to the handler, which refuses it.
    /// </summary>
    private static bool IsProviderToken(HttpRequest request, out string? keyId)
    {
        keyId = null;
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            var jwt = new JsonWebToken(authorization["Bearer ".Length..].Trim());
            keyId = string.IsNullOrEmpty(jwt.Kid) ? null : jwt.Kid;
            return IsFromProvider(jwt);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
        {
            return false;
        }
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, TimeProvider time, ProviderKeys keys)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = ValidationParameters(auth, time, keys);
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = async context =>
            {
                // Before the handler checks a token of the provider, have the keys it needs: the first fetch, or a new one
                // when the token names a key the service has not seen (at most once per Auth:KeyRefreshInterval).
                if (auth.HasAuthority && IsProviderToken(context.Request, out var keyId))
                {
                    await keys.RefreshIfNeededAsync(keyId, context.HttpContext.RequestAborted);
                }
            },
            OnTokenValidated = context =>
            {
                var (caller, refusal) = Check(context.SecurityToken, context.Principal, auth);
                if (caller is null) context.Fail(refusal!);
                else context.Principal = caller;
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
