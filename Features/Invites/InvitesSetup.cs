using InviteService.Infrastructure.Housekeeping;
using InviteService.Infrastructure.Http;

namespace InviteService.Features.Invites;

public static class InvitesSetup
{
    /// <summary>The invite slices' options, their code generator, their metrics, and the housekeeping that archives dead invites.</summary>
    public static IServiceCollection AddInvites(this IServiceCollection services)
    {
        services.AddOptions<InviteOptions>().BindConfiguration(InviteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IInviteCodeGenerator, RandomInviteCodeGenerator>();
        services.AddSingleton<InviteMetrics>();
        services.AddSingleton<IFailedLookupObserver>(provider => provider.GetRequiredService<InviteMetrics>());
        services.AddHousekeepingTask<ArchiveDeadInvites>();
        return services;
    }
}
