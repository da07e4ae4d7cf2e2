using InviteService.Infrastructure.Housekeeping;
using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Webhooks;

public static class WebhookSetup
{
    /// <summary>The outbox's dispatcher, its HTTP client and options, and the housekeeping that prunes old deliveries.</summary>
    public static IServiceCollection AddWebhookDispatch(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.RetryDelays.All(d => d >= TimeSpan.Zero && d <= TimeSpan.FromDays(7)), "Webhooks:RetryDelays must be between 0 and 7 days each.")
            .ValidateOnStart();
        services.AddHttpClient(WebhookDispatcher.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // a redirect is an answer, not an invitation to post elsewhere
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.BlockPrivateTargets ? WebhookDispatcher.ConnectPublicOnlyAsync : null,
            });
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHousekeepingTask<PruneDeliveries>();
        return services;
    }
}
