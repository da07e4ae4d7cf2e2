using System.Reflection;

namespace InviteService.Infrastructure.Http;

/// <summary>Carter's module shape without the package (Carter 11 targets net11.0): one module per face/feature.</summary>
public interface IEndpointModule
{
    void AddRoutes(IEndpointRouteBuilder app);
}

public static class EndpointModules
{
    /// <summary>Discovers every module once at start-up and lets it map its routes.</summary>
    public static IEndpointRouteBuilder MapModules(this IEndpointRouteBuilder app, Assembly assembly)
    {
        var modules = assembly.GetTypes()
            .Where(t => typeof(IEndpointModule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IEndpointModule)Activator.CreateInstance(t)!);
        foreach (var module in modules)
        {
            module.AddRoutes(app);
        }

        return app;
    }
}
