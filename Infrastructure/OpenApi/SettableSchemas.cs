using InviteService.Infrastructure.Validation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InviteService.Infrastructure.OpenApi;

/// <summary>
/// A <see cref="Settable{T}"/> is its value on the wire, so in the document it is that value's schema, nullable: the
/// serializer only sees a custom converter and would describe it as anything at all.
/// </summary>
internal static class SettableSchemas
{
    /// <summary>A settable is written out where it is used, like the value it stands for, never as a component of its own.</summary>
    public static string? InlineSettables(System.Text.Json.Serialization.Metadata.JsonTypeInfo type) =>
        Settable.ValueTypeOf(type.Type) is not null ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);

    public static async Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (Settable.ValueTypeOf(context.JsonTypeInfo.Type) is not { } valueType) return;
        if (await context.GetOrCreateSchemaAsync(valueType, cancellationToken: cancellationToken) is not OpenApiSchema value) return;

        schema.Type = (value.Type ?? 0) | JsonSchemaType.Null;
        schema.Format = value.Format;
        schema.Pattern = value.Pattern;
        schema.MinLength = value.MinLength;
        schema.MaxLength = value.MaxLength;
        schema.Minimum = value.Minimum;
        schema.Maximum = value.Maximum;
        schema.Enum = value.Enum;
        schema.Items = value.Items;
        schema.Properties = value.Properties;
        schema.Required = value.Required;
        schema.AdditionalPropertiesAllowed = value.AdditionalPropertiesAllowed;
    }
}
