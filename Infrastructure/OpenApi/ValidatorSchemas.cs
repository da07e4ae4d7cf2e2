using System.Globalization;
using System.Reflection;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using InviteService.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InviteService.Infrastructure.OpenApi;

/// <summary>
/// The constraints of a request property in the OpenAPI document come from the validator that enforces them, not from
/// a second statement in attributes: lengths, ranges, patterns, whether <c>null</c> is accepted and, through
/// <see cref="ISchemaRule"/>, enums, list sizes, URL formats. A rule on every element of a list constrains the list's items.
/// The same holds for route and query parameters bound from a record with <c>[AsParameters]</c> (<see cref="ApplyToParameters"/>).
/// </summary>
internal static class ValidatorSchemas
{
    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not { } property || (property.AttributeProvider as MemberInfo)?.Name is not { } member) return Task.CompletedTask;
        if (context.ApplicationServices.GetService(typeof(IValidator<>).MakeGenericType(property.DeclaringType)) is IValidator validator)
        {
            Describe(validator, member, schema);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The parameters an operation binds from an <c>[AsParameters]</c> record that has a validator get that validator's
    /// rules, each on the parameter named like the record's property (by its <c>[FromQuery]</c>/<c>[FromRoute]</c> name).
    /// </summary>
    public static void ApplyToParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        if (operation.Parameters is not { Count: > 0 } parameters) return;
        var method = context.Description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault();
        foreach (var record in method?.GetParameters().Where(p => p.IsDefined(typeof(AsParametersAttribute))) ?? [])
        {
            if (context.ApplicationServices.GetService(typeof(IValidator<>).MakeGenericType(record.ParameterType)) is not IValidator validator) continue;
            foreach (var property in record.ParameterType.GetProperties())
            {
                var name = WireName(record.ParameterType, property);
                if (parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Schema: OpenApiSchema schema })
                {
                    Describe(validator, property.Name, schema);
                }
            }
        }
    }

    /// <summary>The name a property is bound by: its binding attribute's name, on the property or its constructor parameter, else its own.</summary>
    private static string WireName(Type record, PropertyInfo property)
    {
        var parameter = record.GetConstructors().SelectMany(c => c.GetParameters()).FirstOrDefault(p => p.Name == property.Name);
        var attributes = property.GetCustomAttributes().Concat(parameter?.GetCustomAttributes() ?? []);
        return attributes.OfType<IModelNameProvider>().Select(a => a.Name).FirstOrDefault(n => !string.IsNullOrEmpty(n)) ?? property.Name;
    }

    /// <summary>The rules <paramref name="validator"/> has for the C# member <paramref name="member"/>, stated on <paramref name="schema"/>.</summary>
    private static void Describe(IValidator validator, string member, OpenApiSchema schema)
    {
        // Rules are named as the wire names them (ValidationConventions), as the document does.
        foreach (var rule in validator.CreateDescriptor().GetRulesForMember(ValidationConventions.Naming.ConvertName(member)))
        {
            var target = IsForEachElement(rule) ? schema.Items as OpenApiSchema : schema;
            if (target is null) continue;
            foreach (var component in rule.Components)
            {
                Describe(component.Validator, target);
                // A value that a rule always refuses as null is not nullable, whatever the C# type says (records take
                // every field as nullable, so that a missing one is refused by name rather than by the serializer).
                if (component.Validator is INotNullValidator or INotEmptyValidator && !Conditional(rule, component))
                {
                    RefuseNull(target);
                }
            }
        }
    }

    /// <summary>Takes <c>null</c> out of what <paramref name="schema"/> accepts: from its types, or from its <c>oneOf</c>.</summary>
    private static void RefuseNull(OpenApiSchema schema)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null)) schema.Type = type & ~JsonSchemaType.Null;
        if (schema.OneOf is { Count: > 1 } choices && choices.FirstOrDefault(c => c is OpenApiSchema { Type: JsonSchemaType.Null }) is { } none)
        {
            choices.Remove(none);
        }
    }

    private static bool Conditional(IValidationRule rule, IRuleComponent component) =>
        rule.HasCondition || rule.HasAsyncCondition || component.HasCondition || component.HasAsyncCondition;

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
