using InviteService.Infrastructure.Http;
using InviteService.Features.Invites;
using InviteService.Infrastructure.Errors;
using Microsoft.Extensions.Options;

namespace InviteService.Features.Messenger;

public static class MessengerSetup
{
    /// <summary>The Messenger face: its options, its error shape on its paths, and its old base-URL setting.</summary>
    public static IServiceCollection AddMessenger(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWireTypes(MessengerJson.Default);
        services.AddOptions<InviteOptions>().PostConfigure(o =>
        {
            // Messenger:PublicBaseUrl was the setting before the invite page shared it; it still works when the new one is unset.
            if (configuration[$"{InviteOptions.Section}:{nameof(InviteOptions.PublicBaseUrl)}"] is null &&
                configuration[MessengerOptions.LegacyPublicBaseUrlKey] is { Length: > 0 } legacy)
            {
                o.PublicBaseUrl = legacy;
            }
        });
        services.AddOptions<MessengerOptions>().BindConfiguration(MessengerOptions.Section)
            .Configure<IOptions<InviteOptions>>((messenger, invites) => messenger.PublicBaseUrl = invites.Value.PublicBaseUrl)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IErrorShape, MessengerErrorShape>();
        return services;
    }
}
