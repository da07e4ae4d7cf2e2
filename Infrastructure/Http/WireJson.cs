using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace InviteService.Infrastructure.Http;

/// <summary>
/// The JSON every route reads and writes: snake_case, numbers strictly as numbers. Each feature lists its wire types in a
/// source-generated context with <see cref="Options"/>'s settings and registers it here, so those types are read and
/// written by generated code instead of reflection; a type no context lists still works, through reflection.
/// </summary>
public static class WireJson
{
    /// <summary>What a feature's context declares, as <c>[JsonSourceGenerationOptions(...)]</c> arguments cannot name a constant object.</summary>
    public const JsonKnownNamingPolicy Naming = JsonKnownNamingPolicy.SnakeCaseLower;

    public const JsonNumberHandling Numbers = JsonNumberHandling.Strict;

    /// <summary>The HTTP JSON settings, and the contexts of the features in front of reflection.</summary>
    public static IServiceCollection AddWireJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.NumberHandling = Numbers;
        });

    /// <summary>A feature's source-generated context, consulted before reflection for the types it lists.</summary>
    public static IServiceCollection AddWireTypes(this IServiceCollection services, IJsonTypeInfoResolver context) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, context));
}
