using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InviteService.Infrastructure.OpenApi;

/// <summary>An event the service posts to subscribers, as the document's <c>webhooks</c> section describes it.</summary>
/// <param name="Name">The event type, such as <c>invite.created</c>.</param>
/// <param name="Data">The record its <c>data</c> is.</param>
public sealed record WebhookEventDescription(string Name, Type Data, string Summary);

/// <summary>
/// The OpenAPI 3.1 <c>webhooks</c> section: one entry per event type, each a POST with the envelope
/// <c>{type, timestamp, data}</c>, its <c>data</c> schema (a component named for its record, generated like every other
/// schema) and the Standard Webhooks headers.
/// </summary>
internal static class WebhookDocumentation
{
    public static async Task AddAsync(
        OpenApiDocument document, OpenApiDocumentTransformerContext context, IReadOnlyList<WebhookEventDescription> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
        foreach (var description in events)
        {
            var data = await context.GetOrCreateSchemaAsync(description.Data, cancellationToken: cancellationToken);
            AllowNullObjects(description.Data, data);
            document.AddComponent<IOpenApiSchema>(description.Data.Name, data);
            document.Webhooks[description.Name] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Post] = new()
                    {
                        OperationId = "Webhook_" + description.Data.Name,
                        Summary = description.Summary,
                        Description = "Signed per the Standard Webhooks specification; delivered at least once, so a receiver deduplicates by webhook-id.",
                        Parameters = Headers,
                        Security = [], // the request proves itself by its signature, not by a scheme of the document's
                        RequestBody = new OpenApiRequestBody
                        {
                            Required = true,
                            Content = new Dictionary<string, OpenApiMediaType>
                            {
                                ["application/json"] = new() { Schema = Envelope(description.Name, new OpenApiSchemaReference(description.Data.Name, document)) },
                            },
                        },
                        Responses = new OpenApiResponses
                        {
                            ["2XX"] = new OpenApiResponse { Description = "Delivered. Any other answer, or none within Webhooks:Timeout, is retried." },
                        },
                    },
                },
            };
        }
    }

    /// <summary>
    /// A record's nullable member of an object type is written inline here, where the generator drops its <c>null</c> (on a
    /// response it says <c>oneOf: [null, $ref]</c>): put it back, so that an event whose member is null matches its schema.
    /// </summary>
    private static void AllowNullObjects(Type record, OpenApiSchema schema)
    {
        if (schema.Properties is null) return;
        var nullability = new System.Reflection.NullabilityInfoContext();
        foreach (var property in record.GetProperties())
        {
            var name = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            if (schema.Properties.TryGetValue(name, out var member) && member is OpenApiSchema { Type: JsonSchemaType.Object } inline
                && nullability.Create(property).ReadState == System.Reflection.NullabilityState.Nullable)
            {
                inline.Type = JsonSchemaType.Object | JsonSchemaType.Null;
            }
        }
    }

    private static OpenApiSchema Envelope(string type, IOpenApiSchema data) => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "type", "timestamp", "data" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Const = type },
            ["timestamp"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "When the change committed." },
            ["data"] = data,
        },
    };

    private static readonly List<IOpenApiParameter> Headers =
    [
        Header("webhook-id", "The event's id: the same for every attempt, and ids sort in the order their changes committed."),
        Header("webhook-timestamp", "Unix seconds when this attempt was sent."),
        Header("webhook-signature", "v1,<base64 HMAC-SHA256 of id.timestamp.body>, keyed by the secret after whsec_; two, space-separated, during a rotation."),
    ];

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name, In = ParameterLocation.Header, Required = true, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
