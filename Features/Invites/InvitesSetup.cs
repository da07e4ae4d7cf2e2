using InviteService.Infrastructure.Housekeeping;

namespace InviteService.Features.Invites;

public static class InvitesSetup
{
    /// <summary>The invite slices' options, their code generator, and the housekeeping that archives dead invites.</summary>
    public static IServiceCollection AddInvites(this IServiceCollection services)
    {
        services.AddOptions<InviteOptions>().BindConfiguration(InviteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IInviteCodeGenerator, RandomInviteCodeGenerator>();
        services.AddHousekeepingTask<ArchiveDeadInvites>();
        return services;
    }
}
