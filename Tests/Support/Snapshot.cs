using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Shouldly;

namespace InviteService.Tests.Support;

/// <summary>
/// Verify's conventions without the package (it does not restore here): <c>Class.Method.verified.json</c> committed next to
/// the test, <c>.received.json</c> written on a mismatch (git-ignored), ids/dates/codes scrubbed to Guid_1, DateTime_1,
/// Code_1. Set <c>ACCEPT_SNAPSHOTS=1</c> to accept what is received.
/// </summary>
public static partial class Snapshot
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Snapshots status, content type and scrubbed body of a response.</summary>
    public static async Task VerifyAsync(
        HttpResponseMessage response,
        string? seed = null,
        [CallerFilePath] string file = "",
        [CallerMemberName] string test = "")
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? null : JsonNode.Parse(text);
        var location = response.Headers.Location?.ToString();
        var snapshot = new JsonObject
        {
            ["status"] = (int)response.StatusCode,
            ["content_type"] = response.Content.Headers.ContentType?.MediaType,
        };
        if (location is not null) snapshot["location"] = location;
        snapshot["body"] = body?.DeepClone();
        Match(Scrub(snapshot), file, test);

        if (seed is not null)
        {
            body.ShouldNotBeNull();
            SeedContract.AssertSameShape(body, seed);
        }
    }

    public static void Verify(JsonNode node, [CallerFilePath] string file = "", [CallerMemberName] string test = "") =>
        Match(Scrub(node.DeepClone()), file, test);

    private static readonly HashSet<string> Used = [];

    private static void Match(JsonNode scrubbed, string file, string test)
    {
        var directory = Path.GetDirectoryName(file)!;
        var stem = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(file)}.{test}");
        lock (Used)
        {
            // One snapshot per test: a second one under the same name would silently overwrite or compare the first.
            if (!Used.Add(stem)) throw new InvalidOperationException($"{test} takes a second snapshot; split it into its own test.");
        }

        var verifiedPath = stem + ".verified.json";
        var receivedPath = stem + ".received.json";
        var received = scrubbed.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

        if (System.Environment.GetEnvironmentVariable("ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verifiedPath, received);
            File.Delete(receivedPath);
            return;
        }

        var verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).ReplaceLineEndings("\n") : null;
        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        throw new ShouldAssertException(verified is null
            ? $"No snapshot yet: review {receivedPath} and accept it (ACCEPT_SNAPSHOTS=1)."
            : $"Snapshot mismatch: compare {receivedPath} with {verifiedPath}.\nreceived:\n{received}");
    }

    /// <summary>Replaces run-dependent values with stable names, numbered in order of first appearance.</summary>
    public static JsonNode Scrub(JsonNode node)
    {
        var names = new Dictionary<string, string>();
        var counters = new Dictionary<string, int>();
        string Name(string kind, string value)
        {
            if (!names.TryGetValue(value, out var name))
            {
                counters[kind] = counters.GetValueOrDefault(kind) + 1;
                names[value] = name = $"{kind}_{counters[kind]}";
            }

            return name;
        }

        // Codes first, so a code inside a route or Location header is scrubbed to the same name.
        var codes = new List<string>();
        Walk(node, (key, value) =>
        {
            if (key is not null && (key == "code" || key.EndsWith("_code", StringComparison.Ordinal)) && value.Length > 0) codes.Add(value);
            return value;
        });
        foreach (var code in codes) Name("Code", code);

        Walk(node, (key, value) =>
        {
            if (key is "trace_id" or "traceId") return "TraceId";
            if (GuidPattern().IsMatch(value)) return Name("Guid", value);
            if (DatePattern().IsMatch(value)) return Name("DateTime", value);
            if (names.TryGetValue(value, out var known)) return known;
            foreach (var code in codes.OrderByDescending(c => c.Length))
            {
                value = value.Replace(code, names[code], StringComparison.Ordinal);
            }

            return GuidInText().Replace(value, m => Name("Guid", m.Value));
        });
        return node;
    }

    private static void Walk(JsonNode? node, Func<string?, string, string> visit, string? key = null)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (k, child) in obj.ToList())
                {
                    if (child is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                        obj[k] = visit(k, v.GetValue<string>());
                    else
                        Walk(child, visit, k);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                        array[i] = visit(key, v.GetValue<string>());
                    else
                        Walk(array[i], visit, key);
                }

                break;
        }
    }

    [GeneratedRegex(@"\A[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z")]
    private static partial Regex GuidPattern();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidInText();

    [GeneratedRegex(@"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\z")]
    private static partial Regex DatePattern();
}

/// <summary>The seed documents' examples, as each face embeds them (Features/*/Seeds): responses must have their keys.</summary>
public static class SeedContract
{
    public static JsonNode Load(string name)
    {
        using var stream = typeof(Program).Assembly.GetManifestResourceStream($"Seeds/{name}.json")
                           ?? throw new InvalidOperationException($"No seed example Seeds/{name}.json is embedded in the service.");
        return JsonNode.Parse(stream)!;
    }

    /// <summary>Same keys at every level (arrays compared element by element against the seed's first element).</summary>
    public static void AssertSameShape(JsonNode actual, string seed)
    {
        var problems = new List<string>();
        Compare(actual, Load(seed), "$", problems);
        problems.ShouldBeEmpty($"response differs from seed '{seed}' in shape");
    }

    private static void Compare(JsonNode? actual, JsonNode? expected, string path, List<string> problems)
    {
        switch (expected)
        {
            case JsonObject e when actual is JsonObject a:
                foreach (var missing in e.Select(p => p.Key).Except(a.Select(p => p.Key))) problems.Add($"{path}.{missing} missing");
                foreach (var extra in a.Select(p => p.Key).Except(e.Select(p => p.Key))) problems.Add($"{path}.{extra} not in seed");
                foreach (var (key, child) in e)
                {
                    if (a.ContainsKey(key)) Compare(a[key], child, $"{path}.{key}", problems);
                }

                break;
            case JsonObject:
                problems.Add($"{path} should be an object");
                break;
            case JsonArray e when actual is JsonArray a:
                if (e.Count > 0)
                {
                    for (var i = 0; i < a.Count; i++) Compare(a[i], e[0], $"{path}[{i}]", problems);
                }

                break;
            case JsonArray:
                problems.Add($"{path} should be an array");
                break;
            case JsonValue e when actual is JsonValue a:
                // Values differ by design; a seed null only says "nullable", so compare kinds when both are set.
                var ek = e.GetValueKind();
                var ak = a.GetValueKind();
                if (ek is not JsonValueKind.Null && ak is not JsonValueKind.Null && Kind(ek) != Kind(ak))
                    problems.Add($"{path} is {ak}, seed has {ek}");
                break;
            case JsonValue when actual is JsonObject or JsonArray:
                problems.Add($"{path} should be a value");
                break;
        }
    }

    private static string Kind(JsonValueKind kind) => kind is JsonValueKind.True or JsonValueKind.False ? "bool" : kind.ToString();
}
