using System.Reflection;
using FluentValidation;
using FluentValidation.Results;

namespace InviteService.Infrastructure.Validation;

/// <summary>
/// The one place a request is validated: at the edge, before its handler runs, every argument of the endpoint that has a
/// validator (a body, or a record of route or query values bound with <c>[AsParameters]</c>) is validated, and all their failures
/// together become one <see cref="ValidationException"/>, which the exception handler answers in the face's shape. An
/// <see cref="IOptionalBody{TSelf}"/> left out is validated as its <c>Absent</c> value; sent as <c>null</c>, it is refused.
/// Endpoints without such arguments get no filter at all.
/// </summary>
public static class ValidationFilter
{
    public const string NotAnObject = "The request body must be a JSON object.";

    public static TBuilder ValidateRequests<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Create);

    private sealed record Check(int Index, Type ValidatorType, object? Absent);

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var services = factory.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var checks = factory.MethodInfo.GetParameters()
            .Select((parameter, index) => new Check(index, typeof(IValidator<>).MakeGenericType(parameter.ParameterType), AbsentOf(parameter.ParameterType)))
            .Where(check => services.IsService(check.ValidatorType))
            .ToArray();
        if (checks.Length == 0) return next;

        return async context =>
        {
            var failures = new List<ValidationFailure>();
            foreach (var check in checks)
            {
                var value = context.Arguments[check.Index];
                if (value is null)
                {
                    if (HasBody(context.HttpContext.Request))
                    {
                        failures.Add(new ValidationFailure("body", NotAnObject));
                        continue;
                    }

                    value = check.Absent;
                    if (value is null) continue;
                }

                var validator = (IValidator)context.HttpContext.RequestServices.GetRequiredService(check.ValidatorType);
                var result = await validator.ValidateAsync(new ValidationContext<object>(value), context.HttpContext.RequestAborted);
                failures.AddRange(result.Errors);
            }

            if (failures.Count > 0) throw new ValidationException(failures);
            return await next(context);
        };
    }

    /// <summary>The <c>Absent</c> value of an <see cref="IOptionalBody{TSelf}"/>, or null for any other type.</summary>
    private static object? AbsentOf(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IOptionalBody<>))
            ? type.GetProperty("Absent", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)
            : null;

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
}
