using Microsoft.OpenApi;

namespace InviteService.Infrastructure.OpenApi;

/// <summary>
/// The response headers the document declares: <c>Location</c> on a 201, <c>Retry-After</c> on the pipeline's 429 and 503,
/// <c>Link</c> on a page of a list, and <c>Allow</c> on the 405 the framework answers for a method a path does not have
/// (a reusable response, since no operation of the document can answer it). The suite checks every header a response
/// requires on every answer it receives.
/// </summary>
public static class ResponseHeaders
{
    /// <summary>Marks the rare 201 that answers without a <c>Location</c> (a seed whose original sends none).</summary>
    public sealed class CreatedWithoutLocation
    {
        public static CreatedWithoutLocation Instance { get; } = new();
    }

    /// <summary>Documents the endpoint's 201 without a <c>Location</c> header, as it is answered.</summary>
    public static RouteHandlerBuilder CreatedWithoutLocationHeader(this RouteHandlerBuilder builder) => builder.WithMetadata(CreatedWithoutLocation.Instance);

    public const string MethodNotAllowedResponse = "MethodNotAllowed";

    internal static OpenApiHeader Location => new()
    {
        Description = "The URL of what was created, relative to this service.",
        Required = true,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
    };

    internal static OpenApiHeader RetryAfter => new()
    {
        Description = "Seconds to wait before trying again.",
        Required = true,
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
        Example = System.Text.Json.Nodes.JsonValue.Create(60),
    };

    internal static OpenApiHeader Link => new()
    {
        Description = Paging.PagedOk.LinkDescription,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        Example = System.Text.Json.Nodes.JsonValue.Create("</servers/660e8400-e29b-41d4-a716-446655440001/members?limit=100&after=MTc3MTA3MDQwMDAwMDpib2I>; rel=\"next\""),
    };

    internal static void Add(OpenApiResponse response, string name, OpenApiHeader header)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = header;
    }

    /// <summary>The framework's answer to a method a path does not have: 405, in the face's error shape, with <c>Allow</c>.</summary>
    internal static void AddMethodNotAllowed(OpenApiDocument document)
    {
        var components = document.Components ??= new OpenApiComponents();
        components.Responses ??= new Dictionary<string, IOpenApiResponse>();
        components.Responses[MethodNotAllowedResponse] = new OpenApiResponse
        {
            Description = "A method the path does not have (error code method_not_allowed, in the error shape of the path's face). " +
                          "Any path of this document answers it to a method it does not list.",
            Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Allow"] = new OpenApiHeader
                {
                    Description = "The methods the path has, comma-separated.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    Example = System.Text.Json.Nodes.JsonValue.Create("GET, POST, DELETE"),
                },
            },
        };
    }
}
