using System.Reflection;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Results;

namespace InviteService.Infrastructure.Validation;

/// <summary>
/// The one place a request is validated: at the edge, before its handler runs, every argument of the endpoint that has a
/// validator (a <see cref="JsonBody{T}"/>'s record, or a record of route or query values bound with <c>[AsParameters]</c>) is
/// validated, and all their failures together, with the body's own (a field of the wrong type, a body that is no object),
/// become one <see cref="ValidationException"/>, which the exception handler answers in the face's shape. A body field
/// refused as unreadable is reported once, with that message: the validator's rules for it do not run. Endpoints without
/// such arguments get no filter at all.
/// </summary>
public static class ValidationFilter
{
    public static TBuilder ValidateRequests<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Create);

    private sealed record Check(int Index, Type? ValidatorType);

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var services = factory.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var checks = factory.MethodInfo.GetParameters().Select((parameter, index) =>
            {
                var body = JsonBody.RecordOf(parameter.ParameterType);
                var validatorType = typeof(IValidator<>).MakeGenericType(body ?? parameter.ParameterType);
                if (!services.IsService(validatorType)) return body is null ? null : new Check(index, null);
                if (body is null && parameter.GetCustomAttribute<AsParametersAttribute>() is null)
                {
                    throw new InvalidOperationException(
                        $"{factory.MethodInfo.Name}: bind the body '{parameter.Name}' as {nameof(JsonBody)}<{parameter.ParameterType.Name}>, so that every failing field is named.");
                }

                return new Check(index, validatorType);
            })
            .OfType<Check>()
            .ToArray();
        if (checks.Length == 0) return next;

        return async context =>
        {
            var failures = new List<ValidationFailure>();
            foreach (var check in checks)
            {
                var argument = context.Arguments[check.Index];
                var (value, refused) = argument is JsonBody body ? (body.Bound, body.Failures) : (argument, []);
                failures.AddRange(refused);
                if (value is null || check.ValidatorType is null) continue;

                var validator = (IValidator)context.HttpContext.RequestServices.GetRequiredService(check.ValidatorType);
                var selector = new Except(refused.Select(f => f.PropertyName).ToHashSet(StringComparer.Ordinal));
                var result = await validator.ValidateAsync(new ValidationContext<object>(value, new PropertyChain(), selector), context.HttpContext.RequestAborted);
                failures.AddRange(result.Errors);
            }

            if (failures.Count > 0) throw new ValidationException(failures);
            return await next(context);
        };
    }

    /// <summary>Every rule but those of the fields already refused.</summary>
    private sealed class Except(IReadOnlySet<string> fields) : IValidatorSelector
    {
        private static readonly DefaultValidatorSelector Default = new();

        public bool CanExecute(IValidationRule rule, string propertyPath, IValidationContext context) =>
            Default.CanExecute(rule, propertyPath, context) && !fields.Contains(propertyPath);
    }
}
