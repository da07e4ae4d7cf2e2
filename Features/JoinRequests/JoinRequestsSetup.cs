using InviteService.Infrastructure.Http;
using InviteService.Infrastructure.Housekeeping;

namespace InviteService.Features.JoinRequests;

public static class JoinRequestsSetup
{
    /// <summary>How long a request waits (<c>JoinRequests:Ttl</c>), and the housekeeping that expires those nobody answered.</summary>
    public static IServiceCollection AddJoinRequests(this IServiceCollection services)
    {
        services.AddWireTypes(JoinRequestsJson.Default);
        services.AddOptions<JoinRequestOptions>().BindConfiguration(JoinRequestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHousekeepingTask<ExpireJoinRequests>();
        return services;
    }
}
