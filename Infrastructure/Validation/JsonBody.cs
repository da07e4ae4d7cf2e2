using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FluentValidation.Results;
using InviteService.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace InviteService.Infrastructure.Validation;

/// <summary>
/// A JSON request body, bound field by field, so that one bad field never hides the others. The framework's binding stops
/// at the first value of the wrong JSON type; this one reads the body as the framework would (application/json, the HTTP
/// JSON options, unknown members ignored), and only when that fails judges each declared field alone: a field whose value
/// cannot be read as its type is refused with the face's wrong-type message (<see cref="IErrorShape.WrongType"/>), and the
/// record is built from the others. <see cref="ValidationFilter"/> then runs the validator on that record, without the
/// rules of the refused fields, so every failing field is named once, with the message it gets when it fails alone.
/// A body that is left out is <see cref="IOptionalBody{TSelf}"/>'s <c>Absent</c>, or refused when the record has none;
/// a present body must be a JSON object. A field whose text is not well-formed (<see cref="TextRules.IsWellFormed"/>: a
/// NUL, an unpaired surrogate, bytes that are not UTF-8), at any depth of its value, is refused the same way, with
/// <see cref="TextRules.NotWellFormed"/>, whatever type it has: no store can keep such text, and .NET cannot always read it.
/// </summary>
public abstract class JsonBody
{
    public const string NotAnObject = "The request body must be a JSON object.";
    public const string NotJson = "The request body is not valid JSON.";
    public const string NotValid = "The value is not valid for this field.";

    private protected JsonBody(object? bound, IReadOnlyList<ValidationFailure> failures) => (Bound, Failures) = (bound, failures);

    /// <summary>The record, from the fields that could be read; null when there is none (no object, or no body where one is needed).</summary>
    internal object? Bound { get; }

    /// <summary>What refused the body or some of its fields, before any validator: "body", or a field's wire name.</summary>
    internal IReadOnlyList<ValidationFailure> Failures { get; }

    /// <summary>The record type of a <see cref="JsonBody{T}"/> parameter; null for any other type.</summary>
    internal static Type? RecordOf(Type parameterType) =>
        parameterType.IsGenericType && parameterType.GetGenericTypeDefinition() == typeof(JsonBody<>) ? parameterType.GetGenericArguments()[0] : null;

    private protected static async ValueTask<(object? Bound, IReadOnlyList<ValidationFailure> Failures)> ReadAsync(
        HttpContext context, Type type, object? absent)
    {
        var request = context.Request;
        if (!CanHaveBody(context)) return Absent(absent);
        if (!request.HasJsonContentType()) throw Unsupported();

        var utf8 = await ReadUtf8Async(request, context.RequestAborted);
        if (utf8.Length == 0) return Absent(absent);

        var typeInfo = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions.GetTypeInfo(type);
        string WrongType(string field, Type expected) => ErrorWriter.ShapeOf(context)?.WrongType(field, expected) ?? NotValid;
        if (!AllTextWellFormed(utf8, ReaderOptions(typeInfo))) return FieldByField(utf8, typeInfo, WrongType);
        try
        {
            // The body as the framework reads it; when that works, nothing below changes it.
            return JsonSerializer.Deserialize(utf8, typeInfo) is { } whole ? (whole, []) : Refused("body", NotAnObject);
        }
        catch (JsonException)
        {
            return FieldByField(utf8, typeInfo, WrongType);
        }
    }

    private static JsonReaderOptions ReaderOptions(JsonTypeInfo typeInfo) => new()
    {
        AllowTrailingCommas = typeInfo.Options.AllowTrailingCommas,
        CommentHandling = typeInfo.Options.ReadCommentHandling,
        MaxDepth = typeInfo.Options.MaxDepth,
    };

    /// <summary>Whether every string and member name of the document is well-formed text; malformed JSON is left to the reading that reports it.</summary>
    private static bool AllTextWellFormed(byte[] utf8, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(utf8, options);
        try
        {
            while (reader.Read())
            {
                if (!IsWellFormedToken(ref reader)) return false;
            }
        }
        catch (JsonException)
        {
        }

        return true;
    }

    /// <summary>Reads the value that follows (on a copy of the reader, at a member name) and says whether all its text is well-formed.</summary>
    private static bool ValueWellFormed(Utf8JsonReader reader)
    {
        if (!reader.Read()) return true;
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return IsWellFormedToken(ref reader);
        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (!IsWellFormedToken(ref reader)) return false;
        }

        return true;
    }

    /// <summary>A string or member name token whose text is well-formed; any other token is.</summary>
    private static bool IsWellFormedToken(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) return true;
        if (!System.Text.Unicode.Utf8.IsValid(reader.ValueSpan)) return false; // the reader passes bytes that are not UTF-8 through
        if (!reader.ValueIsEscaped) return true; // unescaped, a string has no NUL (the reader refuses control characters)
        try
        {
            return TextRules.IsWellFormed(reader.GetString()!);
        }
        catch (InvalidOperationException)
        {
            return false; // an escaped unpaired surrogate: .NET refuses to read it as a string
        }
    }

    /// <summary>Each declared field alone: the ones that cannot be read are refused, the record is built from the others.</summary>
    private static (object?, IReadOnlyList<ValidationFailure>) FieldByField(byte[] utf8, JsonTypeInfo typeInfo, Func<string, Type, string> wrongType)
    {
        var members = new List<(string Name, JsonElement Value)>();
        var failures = new List<ValidationFailure>();
        var refused = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8, ReaderOptions(typeInfo));
        JsonPropertyInfo? reading = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return Refused("body", NotAnObject);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!IsWellFormedToken(ref reader))
                {
                    // A member name that is no text names no field; the body says so, and the rest is judged.
                    if (!refused.Contains("body")) failures.Add(new ValidationFailure("body", TextRules.NotWellFormed));
                    refused.Add("body");
                    reader.Skip();
                    continue;
                }

                var name = reader.GetString()!;
                reading = Declared(typeInfo, name);
                var wellFormed = ValueWellFormed(reader);
                var value = JsonElement.ParseValue(ref reader);
                if (wellFormed) members.Add((name, value));
                else if (reading is not null && refused.Add(reading.Name)) failures.Add(new ValidationFailure(reading.Name, TextRules.NotWellFormed));
                // (an undeclared member is ignored, as it is when its text is fine)
                reading = null;
            }

            while (reader.Read()) { } // anything after the object is malformed, and throws
        }
        catch (JsonException)
        {
            // Malformed JSON: named by the declared field it broke off in, if any; nothing else can be judged.
            return reading is null ? Refused("body", NotJson) : Refused(reading.Name, NotValid);
        }

        foreach (var property in typeInfo.Properties)
        {
            foreach (var (name, value) in members.Where(m => Declared(typeInfo, m.Name) == property))
            {
                if (Reads(typeInfo, [(name, value)]) || !refused.Add(property.Name)) continue;
                failures.Add(new ValidationFailure(property.Name, wrongType(property.Name, Settable.ValueTypeOf(property.PropertyType) ?? property.PropertyType)));
            }
        }

        var rest = members.Where(m => Declared(typeInfo, m.Name) is not { } property || !refused.Contains(property.Name)).ToList();
        try
        {
            return (JsonSerializer.Deserialize(Object(rest), typeInfo), failures);
        }
        catch (JsonException)
        {
            return (null, [.. failures, new ValidationFailure("body", NotValid)]);
        }
    }

    private static bool Reads(JsonTypeInfo typeInfo, IReadOnlyList<(string Name, JsonElement Value)> members)
    {
        try
        {
            JsonSerializer.Deserialize(Object(members), typeInfo);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[] Object(IReadOnlyList<(string Name, JsonElement Value)> members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in members)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The declared property a JSON member name binds to, matched as the serializer matches it.</summary>
    private static JsonPropertyInfo? Declared(JsonTypeInfo typeInfo, string name)
    {
        var comparison = typeInfo.Options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return typeInfo.Properties.FirstOrDefault(p => string.Equals(p.Name, name, comparison));
    }

    private static (object?, IReadOnlyList<ValidationFailure>) Absent(object? absent) =>
        absent is null ? Refused("body", NotAnObject) : (absent, []);

    private static (object?, IReadOnlyList<ValidationFailure>) Refused(string field, string message) => (null, [new ValidationFailure(field, message)]);

    private static bool CanHaveBody(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody
        ?? (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0);

    /// <summary>The body as UTF-8 without a byte order mark, transcoded from the declared charset when it is another.</summary>
    private static async Task<byte[]> ReadUtf8Async(HttpRequest request, CancellationToken cancellationToken)
    {
        Encoding? encoding;
        try
        {
            encoding = MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ? mediaType.Encoding : null;
        }
        catch (ArgumentException)
        {
            throw Unsupported(); // a charset no one knows
        }

        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }
        catch (IOException exception) when (exception is not BadHttpRequestException)
        {
            throw new BadHttpRequestException("The request body could not be read.", StatusCodes.Status400BadRequest, exception);
        }

        var bytes = encoding is null || encoding.CodePage == Encoding.UTF8.CodePage ? buffer.ToArray() : Encoding.Convert(encoding, Encoding.UTF8, buffer.ToArray());
        return bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
    }

    private static BadHttpRequestException Unsupported() =>
        new("The request body must be application/json.", StatusCodes.Status415UnsupportedMediaType);
}

/// <summary>A handler's JSON body of type <typeparamref name="T"/>; see <see cref="JsonBody"/>.</summary>
public sealed class JsonBody<T> : JsonBody, IEndpointParameterMetadataProvider where T : class
{
    private static readonly T? AbsentValue = typeof(T).GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IOptionalBody<>))
        ? (T?)typeof(T).GetProperty("Absent", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)
        : null;

    private JsonBody(object? bound, IReadOnlyList<ValidationFailure> failures) : base(bound, failures)
    {
    }

    /// <summary>The record. The validation filter refuses a request whose body did not bind before its handler runs.</summary>
    public T Value => Bound as T ?? throw new InvalidOperationException($"The body was not bound; endpoints with a {nameof(JsonBody)} must be validated ({nameof(ValidationFilter)}).");

    public static async ValueTask<JsonBody<T>> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var (bound, failures) = await ReadAsync(context, typeof(T), AbsentValue);
        return new JsonBody<T>(bound, failures);
    }

    /// <summary>The body in the OpenAPI document and to the framework, as a body of <typeparamref name="T"/> would be.</summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(T), isOptional: AbsentValue is not null));
        if (AbsentValue is not null) builder.Metadata.Add(new OptionalBodyMetadata(AbsentValue));
    }
}

/// <summary>What a request without a body is read as (<see cref="IOptionalBody{TSelf}.Absent"/>), for the OpenAPI document to judge.</summary>
public sealed record OptionalBodyMetadata(object Absent);
