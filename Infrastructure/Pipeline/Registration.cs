using System.Reflection;
using FluentValidation;
using MediatR;

namespace InviteService.Infrastructure.Pipeline;

/// <summary>MediatR 5 and FluentValidation have no DI packages on our registry: a small assembly scan instead.</summary>
public static class Registration
{
    public static IServiceCollection AddSlices(this IServiceCollection services, Assembly assembly)
    {
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));

        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)))
            {
                services.AddScoped(contract, type);
            }
        }

        // Each face's error shape, for the failures the pipeline decides on its paths.
        foreach (var shape in assembly.GetTypes().Where(t => typeof(Errors.IErrorShape).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }))
        {
            services.AddSingleton(typeof(Errors.IErrorShape), shape);
        }

        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);

        return services;
    }
}
