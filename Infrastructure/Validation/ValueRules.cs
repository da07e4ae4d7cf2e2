using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.OpenApi;

namespace InviteService.Infrastructure.Validation;

/// <summary>Rules on values and lists that also state themselves in the OpenAPI document (<see cref="ISchemaRule"/>).</summary>
public static class ValueRules
{
    /// <summary>One of <paramref name="values"/> (a null passes: absence is the property's own rule). The document lists them as an enum.</summary>
    public static IRuleBuilderOptions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, IReadOnlyCollection<string> values) =>
        rule.SetValidator(new OneOfValidator<T>(values));

    /// <summary>At most <paramref name="max"/> elements (a null passes). The document says <c>maxItems</c>.</summary>
    public static IRuleBuilderOptions<T, TList?> MaxCount<T, TList>(this IRuleBuilder<T, TList?> rule, int max) where TList : class, ICollection =>
        rule.SetValidator(new MaxCountValidator<T, TList>(max));

    /// <summary>
    /// Text that is a whole number from <paramref name="min"/> to <paramref name="max"/> in decimal digits (a null passes):
    /// for a value bound as text, such as a query parameter, so that one that is not a number is refused here, by name. The
    /// document states it as an integer with that minimum and maximum.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> WholeNumber<T>(this IRuleBuilder<T, string?> rule, int min, int max) =>
        rule.SetValidator(new WholeNumberValidator<T>(min, max));

    private sealed class WholeNumberValidator<T>(int min, int max) : PropertyValidator<T, string?>, ISchemaRule
    {
        public override string Name => "WholeNumber";

        public override bool IsValid(ValidationContext<T> context, string? value) =>
            value is null || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max);

        public void Describe(OpenApiSchema schema)
        {
            schema.Type = JsonSchemaType.Integer;
            schema.Minimum = min.ToString(CultureInfo.InvariantCulture);
            schema.Maximum = max.ToString(CultureInfo.InvariantCulture);
        }

        protected override string GetDefaultMessageTemplate(string errorCode) => $"{{PropertyName}} must be a whole number from {min} to {max}.";
    }

    private sealed class OneOfValidator<T>(IReadOnlyCollection<string> values) : PropertyValidator<T, string?>, ISchemaRule
    {
        public override string Name => "OneOf";

        public override bool IsValid(ValidationContext<T> context, string? value) => value is null || values.Contains(value);

        public void Describe(OpenApiSchema schema) => schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();

        protected override string GetDefaultMessageTemplate(string errorCode) => $"{{PropertyName}} must be one of: {string.Join(", ", values)}.";
    }

    private sealed class MaxCountValidator<T, TList>(int max) : PropertyValidator<T, TList?>, ISchemaRule where TList : class, ICollection
    {
        public override string Name => "MaxCount";

        public override bool IsValid(ValidationContext<T> context, TList? value) => value is null || value.Count <= max;

        public void Describe(OpenApiSchema schema) => schema.MaxItems = max;

        protected override string GetDefaultMessageTemplate(string errorCode) => $"At most {max} {{PropertyName}}.";
    }
}
