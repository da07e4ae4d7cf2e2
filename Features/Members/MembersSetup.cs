using InviteService.Infrastructure.Http;

namespace InviteService.Features.Members;

public static class MembersSetup
{
    /// <summary>The member and ban routes' wire types.</summary>
    public static IServiceCollection AddMembers(this IServiceCollection services) => services.AddWireTypes(MembersJson.Default);
}
