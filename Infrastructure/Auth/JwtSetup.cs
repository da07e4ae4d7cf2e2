using InviteService.Infrastructure.Errors;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
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
            .Configure<IOptions<AuthOptions>>((jwt, auth) => Configure(jwt, auth.Value));

        // Deny by default: an endpoint is public only when it says AllowAnonymous.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }

    public static TokenValidationParameters ValidationParameters(AuthOptions auth) => new()
    {
        IssuerSigningKey = new SymmetricSecurityKey(auth.KeyBytes),
        ValidateIssuerSigningKey = true,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = !string.IsNullOrEmpty(auth.Issuer),
        ValidIssuer = auth.Issuer,
        ValidateAudience = !string.IsNullOrEmpty(auth.Audience),
        ValidAudience = auth.Audience,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = "name",
        RoleClaimType = "role",
    };

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = ValidationParameters(auth);
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var sub = context.Principal?.FindFirst("sub")?.Value;
                if (string.IsNullOrEmpty(sub) || sub.Length > Caller.MaxIdLength)
                {
                    context.Fail("The token's sub claim must be 1-64 characters.");
                }

                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                // Keep the WWW-Authenticate header, but answer in the face's error shape.
                context.HandleResponse();
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ErrorWriter.WriteAsync(context.HttpContext, Faces.Unauthorized);
            },
            OnForbidden = context => Task.CompletedTask,
        };
    }
}
