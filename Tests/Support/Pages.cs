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

    /// <summary>
    /// Holds pages read from <paramref name="path"/> to what every list in pages promises: pages of <paramref name="sizes"/>
    /// rows that together hold <paramref name="expected"/> (by <paramref name="field"/>), each row once and in that order, and
    /// on every page but the last (which has none, or reading would not have stopped) a link to the same path with
    /// <paramref name="limit"/> and a cursor.
    /// </summary>
    public static void ShouldBeInPages(
        this List<(JsonArray Rows, string? Next)> pages, string path, int limit, int[] sizes, string field, IEnumerable<string> expected)
    {
        pages.Select(p => p.Rows.Count).ShouldBe(sizes);
        pages.All(field).ShouldBe(expected);
        foreach (var (_, next) in pages.SkipLast(1)) next.ShouldStartWith($"{path}?limit={limit}&after=");
    }

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
