using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InviteService.Infrastructure.OpenApi;

/// <summary>
/// Instants are written as text (<see cref="Time.Rfc3339(long)"/>, or a face's own RFC 3339 form such as the Messenger
/// seed's six fractional digits), so the serializer sees a <c>string</c>. By the wire's naming convention an instant's name
/// ends in <c>_at</c>, <c>_until</c> or <c>_since</c>, and nothing else's does: such a string is a <c>date-time</c> in the
/// document. The suite holds every response and event it receives to the document, format included, so a field that broke
/// the convention would fail the test that met it.
/// </summary>
internal static class TimestampSchemas
{
    private static readonly string[] Suffixes = ["_at", "_until", "_since"];

    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        if (context.JsonPropertyInfo is { PropertyType: var type, Name: var name } && type == typeof(string) && schema.Format is null
            && Suffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal)))
        {
            schema.Format = "date-time";
        }

        return Task.CompletedTask;
    }
}
