using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InviteService.Infrastructure.OpenApi;

/// <summary>
/// Makes /openapi/v1.json the contract: which operations need a bearer token, the answers the pipeline itself can give
/// (401, 413, 415, 429, 500, 503) on the operations where it gives them, the <c>error</c>, <c>errors</c> and <c>trace_id</c>
/// members of problem+json, and the constraints the wire types declare (<see cref="SchemaValuesAttribute"/>, DataAnnotations).
/// </summary>
public static class OpenApiContract
{
    public const string Bearer = "bearer";

    public static IServiceCollection AddInviteOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "InviteService";
                document.Info.Description =
                    "Invite links for community apps: the Hearth API (primary) and the Messenger API (compatibility), over one set of data. " +
                    "Errors on the Hearth face are RFC 7807 problem+json with a stable `error` code; on the Messenger face `{\"message\"}`.";
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DescribeOperation);
            options.AddSchemaTransformer(DescribeSchema);
        });

    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        if (!anonymous)
        {
            var components = context.Document!.Components ??= new OpenApiComponents();
            components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            components.SecuritySchemes.TryAdd(Bearer, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "HS256 JWT: sub = user id, name, picture, role: admin for the platform admin.",
            });
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] }];
        }

        SeedExamples.Apply(operation, metadata.OfType<SeedExample>());

        // Answers the pipeline gives before or around the handler, in the same shape as the operation's other refusals.
        var refusal = operation.Responses?.Where(r => r.Key is "401" or "404" or "403" or "400").Select(r => r.Value).FirstOrDefault();
        if (refusal is null) return Task.CompletedTask;
        var method = context.Description.HttpMethod ?? "GET";
        var writes = method is not ("GET" or "HEAD" or "OPTIONS");
        if (!anonymous) Add(operation, "401", "A valid bearer token is required.", refusal);
        if (writes || operation.Responses!.ContainsKey("429")) Add(operation, "429", "Too many writes (or failed lookups) from this caller; see Retry-After.", refusal);
        Add(operation, "500", "An unexpected error; the answer carries no details (the cause is logged with its trace id).", refusal);
        Add(operation, "503", "The database could not take the request for now (on PostgreSQL: it kept colliding with other processes' writes, or is out of reach); nothing was written. Retry after Retry-After.", refusal);
        if (writes) Add(operation, "413", "The request body is larger than Http:MaxBodyBytes.", refusal);
        if (context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Body"))
        {
            Add(operation, "415", "The request body must be application/json.", refusal);
        }

        return Task.CompletedTask;
    }

    /// <summary>Documents <paramref name="status"/> in the shape of <paramref name="like"/>, or gives a bare declaration that shape.</summary>
    private static void Add(OpenApiOperation operation, string status, string description, IOpenApiResponse like)
    {
        var content = like.Content?.ToDictionary(c => c.Key, c => c.Value);
        if (operation.Responses!.TryGetValue(status, out var existing))
        {
            if (existing is OpenApiResponse { Content: null or { Count: 0 } } bare) bare.Content = content;
            return;
        }

        operation.Responses[status] = new OpenApiResponse { Description = description, Content = content };
    }

    private static Task DescribeSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        if (context.JsonTypeInfo.Type == typeof(Microsoft.AspNetCore.Mvc.ProblemDetails) && context.JsonPropertyInfo is null)
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["error"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The stable machine code to branch on (not_found, max_uses, …)." };
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "validation_failed only: the messages for each field.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
            schema.Properties["trace_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Equals the X-Request-Id response header." };
            schema.Required = new HashSet<string> { "status", "title", "error" };
        }

        if (context.JsonPropertyInfo?.AttributeProvider is { } attributes)
        {
            foreach (var values in attributes.GetCustomAttributes(typeof(SchemaValuesAttribute), inherit: false).Cast<SchemaValuesAttribute>())
            {
                var target = schema.Items as OpenApiSchema ?? schema;
                target.Enum = values.Values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
            }

            foreach (var preset in attributes.GetCustomAttributes(typeof(SchemaPresetOrDateAttribute), inherit: false).Cast<SchemaPresetOrDateAttribute>())
            {
                schema.Type = null;
                schema.OneOf =
                [
                    new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = preset.Min.ToString(), Maximum = preset.Max.ToString(), Description = "A preset." },
                    new OpenApiSchema { Type = JsonSchemaType.String, Description = "A preset as a string, or an RFC 3339 date-time." },
                    new OpenApiSchema { Type = JsonSchemaType.Null },
                ];
                schema.Description = preset.Description;
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>The values a string property (or the items of a string array) may take, read from a static member of <paramref name="type"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaValuesAttribute(Type type, string member) : Attribute
{
    public IEnumerable<string> Values =>
        type.GetProperty(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IEnumerable<string>
        ?? type.GetField(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IEnumerable<string>
        ?? throw new InvalidOperationException($"{type.Name}.{member} is not a static list of strings.");
}

/// <summary>A property that takes a preset number between <paramref name="min"/> and <paramref name="max"/>, or a string (a preset or a date).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaPresetOrDateAttribute(int min, int max, string description) : Attribute
{
    public int Min { get; } = min;
    public int Max { get; } = max;
    public string Description { get; } = description;
}
