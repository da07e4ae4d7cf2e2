using InviteService.Infrastructure.Http;
using InviteService.Infrastructure.Auth;

namespace InviteService.Features.Webhooks;

public static class WebhooksSetup
{
    /// <summary>The subscriptions area: its routes are the platform admin's alone.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddWireTypes(WebhooksJson.Default);
        services.AddAuthorizationBuilder().AddPolicy(WebhooksModule.AdminPolicy, policy => policy
            .RequireAuthenticatedUser()
            .AddRequirements(new PlatformAdminRequirement(WebhookErrors.AdminOnly)));
        return services;
    }
}
