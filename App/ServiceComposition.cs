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

    /// <summary>
    /// An example of each path parameter, keyed by the parameter and the segment before it: the seeds' ids where they have
    /// them (a Hearth code, server, channel and user; a Messenger code, thread, invite and avatar).
    /// </summary>
    private static readonly Dictionary<string, string> PathExamples = new()
    {
        ["invites/{code}"] = "abc123xy",
        ["invite/{code}"] = "abc123xy",
        ["join/{code}"] = "7EIFRXXP",
        ["servers/{id}"] = "660e8400-e29b-41d4-a716-446655440001",
        ["channels/{id}"] = "770e8400-e29b-41d4-a716-446655440002",
        ["members/{userId}"] = "550e8400-e29b-41d4-a716-446655440000",
        ["bans/{userId}"] = "550e8400-e29b-41d4-a716-446655440000",
        ["join-requests/{userId}"] = "550e8400-e29b-41d4-a716-446655440000",
        ["avatars/{userId}"] = "550e8400-e29b-41d4-a716-446655440000",
        ["threads/{thread}"] = "92313cf7-b356-4d74-944c-c799fcfc3b1e",
        ["invites/{invite}"] = "92315aa0-c44b-4da8-8b7f-5d5529412874",
        ["user/{userId}"] = "922f8476-bdda-4ebd-b283-be23602c658d",
        ["{userId}/{size}"] = "sm",
        ["{size}/{file}"] = "img_5fcee7c1e64404.55920965.jpg",
        ["webhooks/{id}"] = "0193b1e4-5c2a-7d3e-9f10-2a4b6c8d0e1f",
        ["deliveries/{deliveryId}"] = "0193b1e4-7a9c-7b21-8e33-5d6f7a8b9c0d",
    };

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
        services.AddInviteOpenApi(Title, Description, EventCatalogue.All, s => s.GetRequiredService<IOptions<InviteOptions>>().Value.PublicBaseUrl, PathExamples);
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
