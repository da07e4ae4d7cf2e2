using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace InviteService.Infrastructure.OpenApi;

/// <summary>An example from the seed documents (embedded as <c>Seeds/{face}/{name}.json</c>) for a request body or a response.</summary>
public sealed record SeedExample(string Seed, int? Status);

public static class SeedExamples
{
    /// <summary>Shows the seed's example for the answer with <paramref name="status"/> (or, without one, for the request body).</summary>
    public static RouteHandlerBuilder Example(this RouteHandlerBuilder builder, string seed, int? status = null) =>
        builder.WithMetadata(new SeedExample(seed, status));

    internal static void Apply(OpenApiOperation operation, IEnumerable<SeedExample> examples)
    {
        foreach (var example in examples)
        {
            var node = Load(example.Seed);
            var content = example.Status is { } status
                ? operation.Responses?.GetValueOrDefault(status.ToString())?.Content
                : operation.RequestBody?.Content;
            foreach (var media in content?.Values.OfType<OpenApiMediaType>() ?? []) media.Example = node.DeepClone();
        }
    }

    private static JsonNode Load(string seed)
    {
        var name = $"Seeds/{seed}.json";
        using var stream = typeof(SeedExamples).Assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"No seed example {name} is embedded.");
        return JsonNode.Parse(stream)!;
    }
}
