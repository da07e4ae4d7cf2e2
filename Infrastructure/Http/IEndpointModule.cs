using System.Reflection;

namespace InviteService.Infrastructure.Http;

/// <summary>Carter's module shape without the package (Carter 11 targets net11.0): one module per face/feature.</summary>
public interface IEndpointModule
{
    void AddRoutes(IEndpointRouteBuilder app);
}

public static class EndpointModules
{
    /// <summary>
    /// Discovers every module once at start-up and lets it map its routes. Deny by default: every route a module maps needs
    /// a signed-in caller unless it says AllowAnonymous. (Not a fallback policy: that would also answer 401 instead of 404
    /// for paths no module maps, and instead of 405 for a method a route does not take.)
    /// </summary>
    public static IEndpointRouteBuilder MapModules(this IEndpointRouteBuilder app, Assembly assembly)
    {
        var signedIn = app.MapGroup("").RequireAuthorization();
        var modules = assembly.GetTypes()
            .Where(t => typeof(IEndpointModule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IEndpointModule)Activator.CreateInstance(t)!);
        foreach (var module in modules)
        {
            module.AddRoutes(signedIn);
        }

        return app;
    }
}
