using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace InviteService.Tests.Support;

/// <summary>Reading a list that comes in pages the way a client does: following each page's <c>Link: &lt;…&gt;; rel="next"</c>.</summary>
public static partial class Pages
{
    /// <summary>
    /// Every page from <paramref name="url"/> on, following <c>rel="next"</c> until a page has none: the rows of each page
    /// (<paramref name="rows"/> picks them out of a body that is not the array itself) and the link each page gave.
    /// </summary>
    public static async Task<List<(JsonArray Rows, string? Next)>> FollowAsync(HttpClient client, string url, Func<JsonNode, JsonNode>? rows = null)
    {
        var pages = new List<(JsonArray, string?)>();
        for (var next = url; next is not null;)
        {
            pages.Count.ShouldBeLessThan(100, "the next links should come to an end");
            var response = await client.GetAsync(next);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = await response.ReadJsonAsync();
            next = NextLink(response);
            pages.Add((((rows?.Invoke(body)) ?? body).AsArray(), next));
        }

        return pages;
    }

    /// <summary>The rows of all pages, in order, as the values of <paramref name="field"/>.</summary>
    public static string[] All(this List<(JsonArray Rows, string? Next)> pages, string field) =>
        pages.SelectMany(p => p.Rows).Select(r => r![field]!.GetValue<string>()).ToArray();

    /// <summary>The target of the response's <c>rel="next"</c> link, or null when it has none.</summary>
    public static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values)) return null;
        var match = NextPattern().Match(values.Single());
        match.Success.ShouldBeTrue($"a Link header of the form <URL>; rel=\"next\": {values.Single()}");
        return match.Groups[1].Value;
    }

    [GeneratedRegex("""^<([^>]+)>; rel="next"$""")]
    private static partial Regex NextPattern();
}
