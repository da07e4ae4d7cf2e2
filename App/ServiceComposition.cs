using System.Text.Json;
using Carter;
using FluentValidation;
using InviteService.Features.Hearth;
using InviteService.Features.Invites;
using InviteService.Features.JoinRequests;
using InviteService.Features.LandingPage;
using InviteService.Features.Members;
using InviteService.Features.Messenger;
using InviteService.Features.Servers;
using InviteService.Features.Webhooks;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Housekeeping;
using InviteService.Infrastructure.Http;
using InviteService.Infrastructure.Mediator;
using InviteService.Infrastructure.Metrics;
using InviteService.Infrastructure.OpenApi;
using InviteService.Infrastructure.Validation;
using InviteService.Infrastructure.Webhooks;
using Microsoft.Extensions.Options;

namespace InviteService.App;

/// <summary>
/// The composition root: the infrastructure, then each feature area registering itself, then the modules in the order of
/// the OpenAPI document. The server (Program.cs) and every command (<see cref="Commands.CommandHost"/>) compose the same way.
/// </summary>
public static class ServiceComposition
{
    private const string Title = "InviteService";

    private const string Description =
        "Invite links for community apps: the Hearth API (primary) and the Messenger API (compatibility), over one set of data. " +
        "Errors on the Hearth face are RFC 7807 problem+json with a stable `error` code; on the Messenger face `{\"message\"}`.";

    public static IServiceCollection AddInviteService(this IServiceCollection services, IConfiguration configuration)
    {
        var assembly = typeof(ServiceComposition).Assembly;
        services.AddSingleton(TimeProvider.System);
        services.KeepCodesOutOfLogs();
        services.AddServiceMetrics(configuration);
        services.AddDatabase();
        services.AddMediator(assembly);
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddInviteAuth();
        services.AddThrottling();
        services.AddInviteCors(configuration);
        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddProblemDetails();
        services.AddExceptionHandler<ExceptionHandler>();
        services.AddWireJson();
        // Body binding failures throw, so the one exception handler answers them in the face's shape.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddInviteOpenApi(Title, Description, EventCatalogue.All, s => s.GetRequiredService<IOptions<InviteOptions>>().Value.PublicBaseUrl);
        services.AddHousekeeping();
        services.AddWebhookDispatch();

        services.AddHearth();
        services.AddInvites();
        services.AddJoinRequests();
        services.AddServers();
        services.AddMembers();
        services.AddWebhooks();
        services.AddLandingPage();
        services.AddMessenger(configuration);

        // Modules in a fixed order, which is the order of the OpenAPI document; validators are registered once, above.
        services.AddCarter(new DependencyContextAssemblyCatalog(assembly), carter => carter
            .WithModules(typeof(HearthModule), typeof(LandingPageModule), typeof(MembersModule), typeof(JoinRequestsModule), typeof(MessengerModule), typeof(ServersModule), typeof(WebhooksModule))
            .WithEmptyValidators()
            .WithEmptyResponseNegotiators());
        return services;
    }

    public static WebApplication UseInviteService(this WebApplication app)
    {
        var http = app.Services.GetRequiredService<IOptions<HttpOptions>>().Value;
        app.UseForwardedHeaders();
        app.UseRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => ErrorWriter.WriteAsync(context.HttpContext, Problems.ForStatus(context.HttpContext.Response.StatusCode)));
        app.UseWellFormedRequestText(); // a NUL in the path or query reaches no route
        app.UseBodyLimit(http.MaxBodyBytes);
        app.UseCors(); // before authentication: preflights need no token
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseWriteLimit();

        app.MapHealth();
        app.MapInviteOpenApi();
        app.MapApiReference();
        // Deny by default: every module route needs a signed-in caller unless it says AllowAnonymous. (Not a fallback policy:
        // that would also answer 401 instead of 404 for paths no module maps, and instead of 405 for a method a route lacks.)
        // Every request is validated once, at this edge, before its handler.
        app.MapGroup("").RequireAuthorization().ValidateRequests().MapCarter();
        return app;
    }
}
