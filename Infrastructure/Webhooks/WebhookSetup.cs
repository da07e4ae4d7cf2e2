using System.Net;
using InviteService.Infrastructure.Housekeeping;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Webhooks;

public static class WebhookSetup
{
    /// <summary>The outbox's dispatcher, its HTTP client, options and metrics, and the housekeeping that prunes old deliveries.</summary>
    public static IServiceCollection AddWebhookDispatch(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.RetryDelays.All(d => d >= TimeSpan.Zero && d <= TimeSpan.FromDays(7)), "Webhooks:RetryDelays must be between 0 and 7 days each.")
            .ValidateOnStart();
        services.AddTransient<PublicTargetHandler>();
        services.AddHttpClient(WebhookDispatcher.ClientName)
            // The client's own log lines quote the target URL, whose path may hold the receiver's secret (Slack, Discord):
            // the dispatcher logs each attempt by webhook id instead.
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp => Handler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value))
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
            {
                var o = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
                if (o.BlockPrivateTargets && o.Proxy is not null) handlers.Add(sp.GetRequiredService<PublicTargetHandler>());
            });
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHousekeepingTask<PruneDeliveries>();
        return services;
    }

    /// <summary>
    /// No redirects (a redirect is an answer, not an invitation to post elsewhere), no proxy but the one configured for
    /// webhooks, a connect timeout of its own, and, without a proxy, connections to public addresses only.
    /// </summary>
    private static SocketsHttpHandler Handler(WebhookOptions o) => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = o.ConnectTimeout < o.Timeout ? o.ConnectTimeout : o.Timeout,
        UseProxy = o.Proxy is not null,
        Proxy = o.Proxy is null ? null : new WebProxy(o.Proxy),
        ConnectCallback = o.BlockPrivateTargets && o.Proxy is null ? PublicAddresses.ConnectAsync : null,
    };
}
