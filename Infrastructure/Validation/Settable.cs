using System.Text.Json;
using System.Text.Json.Serialization;

namespace InviteService.Infrastructure.Validation;

/// <summary>
/// A request field where leaving it out and sending <c>null</c> mean different things (PATCH: absent keeps the value, null
/// clears it). Absent, <see cref="IsSet"/> is false; sent, it is true and <see cref="Value"/> holds what came, null included.
/// On the wire and in the OpenAPI document it is just the value, nullable.
/// </summary>
[JsonConverter(typeof(SettableConverterFactory))]
public readonly record struct Settable<T>(bool IsSet, T? Value)
{
    /// <summary>Sent as <c>null</c>.</summary>
    public bool IsCleared => IsSet && Value is null;
}

/// <summary>What is known of <see cref="Settable{T}"/> types without their <c>T</c>.</summary>
public static class Settable
{
    /// <summary>The <c>T</c> of a <see cref="Settable{T}"/> type; null for any other type.</summary>
    public static Type? ValueTypeOf(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Settable<>) ? type.GetGenericArguments()[0] : null;
}

/// <summary>Reads and writes a <see cref="Settable{T}"/> as its value; only a member that is present reaches it.</summary>
public sealed class SettableConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => Settable.ValueTypeOf(typeToConvert) is not null;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(Settable.ValueTypeOf(typeToConvert)!))!;

    private sealed class Converter<T> : JsonConverter<Settable<T>>
    {
        public override bool HandleNull => true;

        public override Settable<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(true, reader.TokenType == JsonTokenType.Null ? default : JsonSerializer.Deserialize<T>(ref reader, options));

        public override void Write(Utf8JsonWriter writer, Settable<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options);
    }
}
