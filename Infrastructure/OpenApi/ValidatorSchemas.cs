using System.Globalization;
using System.Reflection;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using InviteService.Infrastructure.Validation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InviteService.Infrastructure.OpenApi;

/// <summary>
/// The constraints of a request property in the OpenAPI document come from the validator that enforces them, not from
/// a second statement in attributes: lengths, ranges, patterns and, through <see cref="ISchemaRule"/>, enums, list sizes,
/// URL formats. A rule on every element of a list constrains the list's items.
/// </summary>
internal static class ValidatorSchemas
{
    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not { } property || (property.AttributeProvider as MemberInfo)?.Name is not { } member) return Task.CompletedTask;
        if (context.ApplicationServices.GetService(typeof(IValidator<>).MakeGenericType(property.DeclaringType)) is not IValidator validator)
        {
            return Task.CompletedTask;
        }

        // Rules are named as the wire names them (ValidationConventions), as the document does.
        foreach (var rule in validator.CreateDescriptor().GetRulesForMember(ValidationConventions.Naming.ConvertName(member)))
        {
            var target = IsForEachElement(rule) ? schema.Items as OpenApiSchema : schema;
            if (target is null) continue;
            foreach (var component in rule.Components) Describe(component.Validator, target);
        }

        return Task.CompletedTask;
    }

    private static bool IsForEachElement(IValidationRule rule) =>
        rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));

    private static void Describe(IPropertyValidator validator, OpenApiSchema schema)
    {
        switch (validator)
        {
            case ISchemaRule rule:
                rule.Describe(schema);
                break;
            case ILengthValidator length:
                if (length.Min > 0) schema.MinLength = length.Min;
                if (length.Max >= 0) schema.MaxLength = length.Max;
                break;
            case INotEmptyValidator when schema.Type?.HasFlag(JsonSchemaType.String) == true:
                schema.MinLength = Math.Max(schema.MinLength ?? 0, 1);
                break;
            case IBetweenValidator between:
                schema.Minimum = Convert.ToString(between.From, CultureInfo.InvariantCulture);
                schema.Maximum = Convert.ToString(between.To, CultureInfo.InvariantCulture);
                break;
            case IRegularExpressionValidator pattern:
                schema.Pattern = pattern.Expression;
                break;
        }
    }
}
