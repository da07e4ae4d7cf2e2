using InviteService.Infrastructure.Http;

namespace InviteService.Features.Hearth;

public static class HearthSetup
{
    /// <summary>The Hearth face's wire types.</summary>
    public static IServiceCollection AddHearth(this IServiceCollection services) => services.AddWireTypes(HearthJson.Default);
}
