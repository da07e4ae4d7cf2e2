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
    /// <summary>
    /// The schema metadata (never written out) that names the enum a <see cref="OneOf{T}"/> field holds; the document moves
    /// such a schema to one component of that name (InviteService.Infrastructure.OpenApi.EnumComponents).
    /// </summary>
    public const string NamedEnum = "invites-named-enum";

    /// <summary>
    /// One of <paramref name="values"/> (a null passes: absence is the property's own rule). The document shows the field as
    /// the enum component named for the set (<see cref="NamedValues"/>).
    /// </summary>
    public static IRuleBuilderOptions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, NamedValues values) =>
        rule.SetValidator(new OneOfValidator<T>(values));

    /// <summary>At most <paramref name="max"/> elements (a null passes). The document says <c>maxItems</c>.</summary>
    public static IRuleBuilderOptions<T, TList?> MaxCount<T, TList>(this IRuleBuilder<T, TList?> rule, int max) where TList : class, ICollection =>
        rule.SetValidator(new MaxCountValidator<T, TList>(max));

    /// <summary>
    /// From <paramref name="min"/> to <paramref name="max"/> elements (a null passes: absence is the property's own rule). The
    /// document says <c>minItems</c> and <c>maxItems</c>.
    /// </summary>
    public static IRuleBuilderOptions<T, TList?> CountBetween<T, TList>(this IRuleBuilder<T, TList?> rule, int min, int max) where TList : class, ICollection =>
        rule.SetValidator(new CountBetweenValidator<T, TList>(min, max));

    /// <summary>
    /// A <see cref="Settable{T}"/> number that, when sent and not null, is from <paramref name="min"/> to <paramref name="max"/>
    /// (left out and <c>null</c> pass: each means something of its own). The document states the range.
    /// </summary>
    public static IRuleBuilderOptions<T, Settable<long?>> Between<T>(this IRuleBuilder<T, Settable<long?>> rule, long min, long max) =>
        rule.SetValidator(new SettableBetweenValidator<T>(min, max));

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

    private sealed class CountBetweenValidator<T, TList>(int min, int max) : PropertyValidator<T, TList?>, ISchemaRule where TList : class, ICollection
    {
        public override string Name => "CountBetween";

        public override bool IsValid(ValidationContext<T> context, TList? value) => value is null || (value.Count >= min && value.Count <= max);

        public void Describe(OpenApiSchema schema)
        {
            schema.MinItems = min;
            schema.MaxItems = max;
        }

        protected override string GetDefaultMessageTemplate(string errorCode) => $"{{PropertyName}} must have {min} to {max} elements.";
    }

    private sealed class SettableBetweenValidator<T>(long min, long max) : PropertyValidator<T, Settable<long?>>, ISchemaRule
    {
        public override string Name => "SettableBetween";

        public override bool IsValid(ValidationContext<T> context, Settable<long?> value) => value.Value is not { } number || (number >= min && number <= max);

        public void Describe(OpenApiSchema schema)
        {
            schema.Minimum = min.ToString(CultureInfo.InvariantCulture);
            schema.Maximum = max.ToString(CultureInfo.InvariantCulture);
        }

        protected override string GetDefaultMessageTemplate(string errorCode) => $"{{PropertyName}} must be from {min} to {max}, or null.";
    }

    private sealed class OneOfValidator<T>(NamedValues values) : PropertyValidator<T, string?>, ISchemaRule
    {
        public override string Name => "OneOf";

        public override bool IsValid(ValidationContext<T> context, string? value) => value is null || values.Contains(value);

        public void Describe(OpenApiSchema schema)
        {
            schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
            (schema.Metadata ??= new Dictionary<string, object>())[NamedEnum] = values.Name;
        }

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
