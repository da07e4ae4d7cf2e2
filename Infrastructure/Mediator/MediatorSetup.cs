using System.Reflection;
using MediatR;

namespace InviteService.Infrastructure.Mediator;

/// <summary>MediatR 5 has no DI package: its mediator, and every request handler of an assembly, found by a small scan.</summary>
public static class MediatorSetup
{
    public static IServiceCollection AddMediator(this IServiceCollection services, Assembly assembly)
    {
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, MediatR.Mediator>();
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)))
            {
                services.AddScoped(contract, type);
            }
        }

        return services;
    }
}
