using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NJsonSchema;

namespace InviteService.Tests.Support;

/// <summary>
/// Checks every response a test receives from a test service against the published OpenAPI document: the status is
/// documented for that operation, the content type is one it documents, and the body validates against its schema. A
/// mismatch throws inside the request, so the test that made it fails, with the reason. Every webhook a test receiver
/// gets is held to the document's <c>webhooks</c> section the same way (<see cref="CheckEventAsync"/>).
/// </summary>
public sealed class ContractConformance : IStartupFilter
{
    private static readonly SemaphoreSlim Loading = new(1, 1);
    private static JsonObject? _document;
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var problem = await CheckAsync(context, buffer.ToArray());
            if (problem is not null) throw new ContractViolationException($"{context.Request.Method} {context.Request.Path} answered {problem}");
            buffer.Position = 0;
            await buffer.CopyToAsync(original);
        });
        next(app);
    };

    private static async Task<string?> CheckAsync(HttpContext context, byte[] body)
    {
        // After an exception the handler has cleared the endpoint; its feature remembers which one failed.
        var matched = context.GetEndpoint() ?? context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint;
        if (matched is not RouteEndpoint endpoint) return null; // no route: nothing in the document to hold it to
        var document = await DocumentAsync();
        var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
        if (document["paths"]?[template]?[context.Request.Method.ToLowerInvariant()] is not JsonObject operation) return null; // not an API route
        var status = context.Response.StatusCode.ToString();
        if (operation["responses"]?[status] is not JsonObject response) return $"{status}, which the document does not list for this operation";

        foreach (var (name, header) in response["headers"]?.AsObject() ?? [])
        {
            if (header?["required"]?.GetValue<bool>() == true && !context.Response.Headers.ContainsKey(name)) return $"{status} without the {name} header the document requires";
        }

        var mediaType = context.Response.ContentType?.Split(';')[0].Trim();
        if (response["content"] is not JsonObject content || content.Count == 0)
        {
            return body.Length == 0 ? null : $"{status} with a body ({mediaType}), where the document describes none";
        }

        if (mediaType is null || content[mediaType] is not JsonObject media) return $"{status} as {mediaType ?? "no content type"}, not one of {string.Join(", ", content.Select(c => c.Key))}";
        if (media["schema"] is not JsonNode schemaNode || !mediaType.Contains("json")) return null;

        var schema = Schemas.GetOrAdd($"{template} {context.Request.Method} {status} {mediaType}", _ => Compile(schemaNode, document));
        var errors = schema.Validate(System.Text.Encoding.UTF8.GetString(body));
        return errors.Count == 0 ? null : $"{status} with a body that does not match its schema: {string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}"))}";
    }

    /// <summary>
    /// The operation's schema, with the document's component schemas beside it as <c>definitions</c> (where NJsonSchema
    /// resolves references) so every <c>$ref</c> resolves.
    /// </summary>
    internal static JsonSchema Compile(JsonNode schema, JsonObject document)
    {
        var wrapper = new JsonObject
        {
            ["allOf"] = new JsonArray(schema.DeepClone()),
            ["definitions"] = document["components"]!["schemas"]!.DeepClone(),
        };
        ConstAsEnum(wrapper);
        var json = wrapper.ToJsonString().Replace("\"#/components/schemas/", "\"#/definitions/", StringComparison.Ordinal);
        return JsonSchema.FromJsonAsync(json).GetAwaiter().GetResult();
    }

    /// <summary>NJsonSchema predates <c>const</c> (JSON Schema 6): it reads it here as the one-value <c>enum</c> it means.</summary>
    private static void ConstAsEnum(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["const"] is { } value && schema["enum"] is null)
                {
                    schema.Remove("const");
                    schema["enum"] = new JsonArray(value);
                }

                foreach (var (_, child) in schema.ToList()) ConstAsEnum(child);
                break;
            case JsonArray items:
                foreach (var child in items) ConstAsEnum(child);
                break;
        }
    }

    /// <summary>
    /// Holds a webhook's body to the document's <c>webhooks</c> entry for its type: the envelope and the event's data.
    /// Null when it conforms, else what is wrong.
    /// </summary>
    public static async Task<string?> CheckEventAsync(string body)
    {
        var document = await DocumentAsync();
        var type = JsonNode.Parse(body)?["type"]?.GetValue<string>() ?? "(no type)";
        if (document["webhooks"]?[type]?["post"]?["requestBody"]?["content"]?["application/json"]?["schema"] is not JsonNode schemaNode)
        {
            return $"event {type}, which the document's webhooks section does not describe";
        }

        var schema = Schemas.GetOrAdd("webhook " + type, _ => Compile(schemaNode, document));
        var errors = schema.Validate(body);
        return errors.Count == 0 ? null : $"event {type} with a body that does not match its schema: {string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}"))}";
    }

    /// <summary>The document as the service publishes it, fetched once per test run from a service of its own.</summary>
    private static async Task<JsonObject> DocumentAsync()
    {
        if (_document is { } cached) return cached;
        await Loading.WaitAsync();
        try
        {
            if (_document is null)
            {
                await using var app = new InviteApp(checkContract: false);
                _document = (JsonObject)(await app.CreateClient().GetFromJsonNodeAsync("/openapi/v1.json"));
            }

            return _document;
        }
        finally
        {
            Loading.Release();
        }
    }
}

public sealed class ContractViolationException(string message) : Exception(message);

internal static class OpenApiFetch
{
    public static async Task<JsonNode> GetFromJsonNodeAsync(this HttpClient client, string url) =>
        JsonNode.Parse(await client.GetStringAsync(url))!;
}
