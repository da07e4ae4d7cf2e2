using InviteService.Infrastructure.Paging;
using InviteService.Infrastructure.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InviteService.Infrastructure.OpenApi;

/// <summary>
/// Makes /openapi/v1.json the contract: which operations need a bearer token (and that the others need none:
/// <c>security: []</c>), the answers the pipeline itself can give (401, 413, 415, 429, 500, 503) on the operations where it
/// gives them, the headers that come with answers (<c>Location</c>, <c>Retry-After</c>, <c>Link</c>, and <c>Allow</c> on a
/// 405), the <c>error</c>, <c>errors</c> and <c>trace_id</c> members of problem+json, the constraints of request fields and
/// bodies, read from the validators that enforce them (<see cref="ValidatorSchemas"/>), timestamps as <c>date-time</c>
/// (<see cref="TimestampSchemas"/>), each enum once (<see cref="EnumComponents"/>), and an example of every path parameter.
/// </summary>
public static class OpenApiContract
{
    public const string Bearer = "bearer";

    /// <param name="title">The document's title.</param>
    /// <param name="description">What the document describes, for its readers (the composition root knows the faces).</param>
    /// <param name="webhooks">The events the service posts to subscribers, for the document's <c>webhooks</c> section.</param>
    /// <param name="publicBaseUrl">
    /// Where clients reach the service (the composition root knows the setting): the document's only server, never the
    /// request's Host header, which anyone can set.
    /// </param>
    /// <param name="pathExamples">
    /// An example value for each path parameter, keyed by the parameter with the path segment before it
    /// (<c>servers/{id}</c>), since one name can stand for different things on different paths.
    /// </param>
    public static IServiceCollection AddInviteOpenApi(
        this IServiceCollection services, string title, string description, IReadOnlyList<WebhookEventDescription> webhooks,
        Func<IServiceProvider, string> publicBaseUrl, IReadOnlyDictionary<string, string> pathExamples) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer(async (document, context, cancellationToken) =>
            {
                document.Info.Title = title;
                document.Info.Description = description;
                document.Servers = [new OpenApiServer { Url = publicBaseUrl(context.ApplicationServices).TrimEnd('/') }];
                await WebhookDocumentation.AddAsync(document, context, webhooks, cancellationToken);
                ResponseHeaders.AddMethodNotAllowed(document);
            });
            options.AddDocumentTransformer(EnumComponents.ApplyAsync);
            options.AddOperationTransformer((operation, context, cancellationToken) => DescribeOperationAsync(operation, context, pathExamples, cancellationToken));
            options.AddSchemaTransformer(DescribeProblem);
            options.AddSchemaTransformer(SettableSchemas.ApplyAsync);
            options.CreateSchemaReferenceId = SettableSchemas.InlineSettables;
            options.AddSchemaTransformer(ValidatorSchemas.ApplyAsync);
            options.AddSchemaTransformer(TimestampSchemas.ApplyAsync);
        });

    /// <summary>
    /// Serves the document anonymously and uncached: it describes this deployment, and a shared cache has no business
    /// keeping one copy of it for every host name that reaches it.
    /// </summary>
    public static IEndpointConventionBuilder MapInviteOpenApi(this IEndpointRouteBuilder app)
    {
        var endpoint = app.MapOpenApi().AllowAnonymous();
        endpoint.Add(builder =>
        {
            var serve = builder.RequestDelegate!;
            builder.RequestDelegate = context =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return serve(context);
            };
        });
        return endpoint;
    }

    private static async Task DescribeOperationAsync(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, IReadOnlyDictionary<string, string> pathExamples, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        if (anonymous)
        {
            // Said, not left out: an operation without security would inherit a document-wide requirement, and tools
            // cannot tell "none needed" from "forgot to say".
            operation.Security = [];
        }
        else
        {
            var components = context.Document!.Components ??= new OpenApiComponents();
            components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            components.SecuritySchemes.TryAdd(Bearer, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "JWT from the host's identity provider (RS256, PS256, ES256; Auth:Authority) or signed with the shared key " +
                              "(HS256; Auth:SigningKey): sub = user id, name, picture, role: admin for the platform admin " +
                              "(a provider's claim names are settings).",
            });
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] }];
        }

        SeedExamples.Apply(operation, metadata.OfType<SeedExample>());
        ValidatorSchemas.ApplyToParameters(operation, context);
        ExamplePathParameters(operation, context.Description.RelativePath ?? "", pathExamples);
        await RequireRefusedAbsentBodyAsync(operation, context, metadata.OfType<OptionalBodyMetadata>().FirstOrDefault(), cancellationToken);
        if (metadata.OfType<PagedOk.NextPageLink>().Any() && operation.Responses?.GetValueOrDefault("200") is OpenApiResponse page)
        {
            ResponseHeaders.Add(page, PagedOk.LinkHeader, ResponseHeaders.Link);
        }

        if (operation.Responses?.GetValueOrDefault("201") is OpenApiResponse created && !metadata.OfType<ResponseHeaders.CreatedWithoutLocation>().Any())
        {
            ResponseHeaders.Add(created, "Location", ResponseHeaders.Location);
        }

        // Answers the pipeline gives before or around the handler, in the same shape as the operation's other refusals.
        var refusal = operation.Responses?.Where(r => r.Key is "401" or "404" or "403" or "400").Select(r => r.Value).FirstOrDefault();
        if (refusal is not null)
        {
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

            // Both come from the pipeline, always with the header: the throttles and the store's retry advice.
            if (operation.Responses!.GetValueOrDefault("503") is OpenApiResponse unavailable) ResponseHeaders.Add(unavailable, "Retry-After", ResponseHeaders.RetryAfter);
        }

        if (operation.Responses?.GetValueOrDefault("429") is OpenApiResponse limited) ResponseHeaders.Add(limited, "Retry-After", ResponseHeaders.RetryAfter);
    }

    /// <summary>Each path parameter's example, from the table the composition root gives (keyed <c>segment/{name}</c>).</summary>
    private static void ExamplePathParameters(OpenApiOperation operation, string path, IReadOnlyDictionary<string, string> examples)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Path) ?? [])
        {
            var at = Array.FindIndex(segments, s => s.Equals("{" + parameter.Name + "}", StringComparison.OrdinalIgnoreCase));
            var key = at > 0 ? $"{segments[at - 1]}/{segments[at]}" : segments.ElementAtOrDefault(at) ?? "";
            if (examples.TryGetValue(key, out var example)) parameter.Example = System.Text.Json.Nodes.JsonValue.Create(example);
        }
    }

    /// <summary>
    /// A body that may be left out (<see cref="IOptionalBody{TSelf}"/>) but whose absence its validator refuses, such as a
    /// create whose required field would be missing, is required in the document: a client must send one.
    /// </summary>
    private static async Task RequireRefusedAbsentBodyAsync(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, OptionalBodyMetadata? optional, CancellationToken cancellationToken)
    {
        if (optional is null || operation.RequestBody is not OpenApiRequestBody body) return;
        var validatorType = typeof(FluentValidation.IValidator<>).MakeGenericType(optional.Absent.GetType());
        if (context.ApplicationServices.GetService(validatorType) is not FluentValidation.IValidator validator) return;
        var result = await validator.ValidateAsync(new FluentValidation.ValidationContext<object>(optional.Absent), cancellationToken);
        if (!result.IsValid) body.Required = true;
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

    private static Task DescribeProblem(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        if (context.JsonTypeInfo.Type != typeof(Microsoft.AspNetCore.Mvc.ProblemDetails) || context.JsonPropertyInfo is not null) return Task.CompletedTask;
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
        return Task.CompletedTask;
    }
}
