using Carter;
using System.Text.Json;
using InviteService.Features.Invites;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Http;
using InviteService.Infrastructure.OpenApi;
using InviteService.Infrastructure.Webhooks;
using InviteService.Infrastructure.Pipeline;

namespace InviteService.Infrastructure;

public static class ServiceSetup
{
    public static IServiceCollection AddInviteService(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InviteOptions>().BindConfiguration(InviteOptions.Section)
            .PostConfigure(o =>
            {
                // Messenger:PublicBaseUrl was the setting before the invite page shared it; it still works when the new one is unset.
                if (configuration[$"{InviteOptions.Section}:{nameof(InviteOptions.PublicBaseUrl)}"] is null &&
                    configuration[InviteOptions.LegacyPublicBaseUrlKey] is { Length: > 0 } legacy)
                {
                    o.PublicBaseUrl = legacy;
                }
            })
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Features.Servers.ServerDefaults>().BindConfiguration(Features.Servers.ServerDefaults.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Features.Messenger.MessengerOptions>().BindConfiguration(Features.Messenger.MessengerOptions.Section)
            .Configure<Microsoft.Extensions.Options.IOptions<InviteOptions>>((m, invites) => m.PublicBaseUrl = invites.Value.PublicBaseUrl)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HousekeepingOptions>().BindConfiguration(HousekeepingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InviteHousekeeping>();
        services.AddHostedService(sp => sp.GetRequiredService<InviteHousekeeping>());
        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.KeepCodesOutOfLogs();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Store.Create);
        services.AddSingleton<Migrator>();
        services.AddHostedService<MigrationService>();
        services.AddSingleton<IInviteCodeGenerator, RandomInviteCodeGenerator>();
        services.AddSlices(typeof(ServiceSetup).Assembly);
        services.AddInviteAuth();
        services.AddThrottling();
        services.AddInviteCors(configuration);

        services.AddProblemDetails();
        services.AddExceptionHandler<ExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        // Body binding failures throw, so the one exception handler answers them in the face's shape.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: ["ready"]);
        services.AddInviteOpenApi();
        services.AddWebhooks();
        services.AddRazorComponents();
        // Modules in a fixed order, which is the order of the OpenAPI document; validators are registered once, above.
        services.AddCarter(new DependencyContextAssemblyCatalog(typeof(ServiceSetup).Assembly), carter => carter
            .WithModules(
                typeof(InvitesModule), typeof(Features.LandingPage.LandingPageModule), typeof(Features.Members.MembersModule),
                typeof(Features.Messenger.MessengerModule), typeof(Features.Servers.ServersModule), typeof(Features.Webhooks.WebhooksModule))
            .WithEmptyValidators()
            .WithEmptyResponseNegotiators());
        services.AddOptions<Features.LandingPage.LandingPageOptions>().BindConfiguration(Features.LandingPage.LandingPageOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    public static WebApplication UseInviteService(this WebApplication app)
    {
        var http = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HttpOptions>>().Value;
        app.UseForwardedHeaders();
        app.UseRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => ErrorWriter.WriteAsync(context.HttpContext, Problems.ForStatus(context.HttpContext.Response.StatusCode)));
        app.UseBodyLimit(http.MaxBodyBytes);
        app.UseCors(); // before authentication: preflights need no token
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseWriteLimit();

        app.MapHealth();
        app.MapOpenApi().AllowAnonymous();
        app.MapApiReference();
        // Deny by default: every module route needs a signed-in caller unless it says AllowAnonymous. (Not a fallback policy:
        // that would also answer 401 instead of 404 for paths no module maps, and instead of 405 for a method a route lacks.)
        app.MapGroup("").RequireAuthorization().MapCarter();
        return app;
    }
}
