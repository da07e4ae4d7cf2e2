using InviteService.Infrastructure.Http;
using InviteService.Infrastructure.Errors;

namespace InviteService.Features.LandingPage;

public static class LandingPageSetup
{
    /// <summary>The invite page: its options, Razor components to render it, and its error shape on its paths.</summary>
    public static IServiceCollection AddLandingPage(this IServiceCollection services)
    {
        services.AddWireTypes(LandingPageJson.Default);
        services.AddOptions<LandingPageOptions>().BindConfiguration(LandingPageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRazorComponents();
        services.AddSingleton<IErrorShape, LandingPageErrorShape>();
        return services;
    }
}
