using System.Text.Json.Nodes;
using InviteService.Infrastructure.Validation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InviteService.Infrastructure.OpenApi;

/// <summary>
/// Every enum of the document is one component, named for its set of values (<see cref="NamedValues"/>), and each field that
/// holds one refers to it: a generated client gets one type per set (NSwag made <c>Events</c> and <c>Events2</c> out of two
/// inline copies). A field that also takes <c>null</c> says so beside the reference (<c>oneOf: [null, $ref]</c>), so the
/// component stays the bare set. Runs after every schema of the document exists, webhooks included.
/// </summary>
internal static class EnumComponents
{
    public static Task ApplyAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var components = document.Components ??= new OpenApiComponents();
        components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var named = new Dictionary<string, OpenApiSchema>(StringComparer.Ordinal);

        IOpenApiSchema Visit(IOpenApiSchema schema)
        {
            if (schema is not OpenApiSchema inline) return schema; // a reference: its component is visited on its own
            if (inline.Metadata is { } metadata && metadata.TryGetValue(ValueRules.NamedEnum, out var value) && value is string name) return Refer(inline, name);

            if (inline.Properties is { } properties)
            {
                foreach (var key in properties.Keys.ToList()) properties[key] = Visit(properties[key]);
            }

            if (inline.Items is { } items) inline.Items = Visit(items);
            if (inline.AdditionalProperties is { } additional) inline.AdditionalProperties = Visit(additional);
            foreach (var list in new[] { inline.AllOf, inline.AnyOf, inline.OneOf })
            {
                for (var i = 0; list is not null && i < list.Count; i++) list[i] = Visit(list[i]);
            }

            return inline;
        }

        IOpenApiSchema Refer(OpenApiSchema inline, string name)
        {
            var values = inline.Enum ?? [];
            if (named.TryGetValue(name, out var known))
            {
                if (!known.Enum!.Select(v => v.ToJsonString()).SequenceEqual(values.Select(v => v.ToJsonString())))
                {
                    throw new InvalidOperationException($"Two different sets of values are both named {name} in the OpenAPI document.");
                }
            }
            else
            {
                if (components.Schemas.ContainsKey(name)) throw new InvalidOperationException($"The enum {name} is named like another schema of the document.");
                named[name] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = values.Select(v => v.DeepClone()).ToList() };
            }

            var reference = new OpenApiSchemaReference(name, document);
            return inline.Type?.HasFlag(JsonSchemaType.Null) == true
                ? new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, reference], Description = inline.Description }
                : reference;
        }

        foreach (var schema in components.Schemas.Values.ToList()) Visit(schema);
        foreach (var operation in Operations(document))
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (parameter.Schema is { } schema) parameter.Schema = Visit(schema);
            }

            var bodies = (operation.RequestBody?.Content?.Values ?? [])
                .Concat(operation.Responses?.Values.SelectMany(r => r.Content?.Values ?? []) ?? []);
            foreach (var media in bodies.OfType<OpenApiMediaType>())
            {
                if (media.Schema is { } schema) media.Schema = Visit(schema);
            }
        }

        foreach (var (name, schema) in named.OrderBy(n => n.Key, StringComparer.Ordinal)) components.Schemas[name] = schema;
        return Task.CompletedTask;
    }

    /// <summary>The operations of the paths and of the webhooks.</summary>
    internal static IEnumerable<OpenApiOperation> Operations(OpenApiDocument document) =>
        (document.Paths?.Values ?? Enumerable.Empty<IOpenApiPathItem>()).Concat(document.Webhooks?.Values ?? Enumerable.Empty<IOpenApiPathItem>())
        .SelectMany(item => item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>());
}
