using InviteService.Infrastructure.Http;
namespace InviteService.Features.Servers;

public static class ServersSetup
{
    /// <summary>What a new server starts with.</summary>
    public static IServiceCollection AddServers(this IServiceCollection services)
    {
        services.AddWireTypes(ServersJson.Default);
        services.AddOptions<ServerDefaults>().BindConfiguration(ServerDefaults.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
