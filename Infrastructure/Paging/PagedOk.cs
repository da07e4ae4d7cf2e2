using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;

namespace InviteService.Infrastructure.Paging;

/// <summary>
/// 200 with a page of a list as the body, whatever shape the face gives it, and unless it is the last page the next page's
/// URL in a <c>Link: &lt;…&gt;; rel="next"</c> header (RFC 8288). As an endpoint's result type it documents the body and
/// the header in the OpenAPI document.
/// </summary>
public sealed class PagedOk<TValue>(TValue value, PageRequest? next)
    : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<TValue>
{
    public TValue Value => value;

    object? IValueHttpResult.Value => value;

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext context)
    {
        if (next is { Limit: { } limit, After: { } after }) context.Response.Headers.Link = PagedOk.NextLink(context.Request, limit, after);
        return TypedResults.Ok(value).ExecuteAsync(context);
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TValue), ["application/json"]));
        builder.Metadata.Add(PagedOk.NextPageLink.Instance);
    }
}

public static class PagedOk
{
    public const string LinkHeader = "Link";

    public const string LinkDescription =
        "The next page: `<URL>; rel=\"next\"` (RFC 8288), where the URL is this request's path and query with `limit` and " +
        "`after` set, relative to this request. Absent on the last page.";

    /// <summary>A page as a JSON array of <paramref name="map"/>'s elements.</summary>
    public static PagedOk<TOut[]> Array<T, TOut>(Page<T> page, Func<T, TOut> map) => new(page.Items.Select(map).ToArray(), page.Next);

    /// <summary>Marks an endpoint that answers pages, so the document declares the <c>Link</c> header on its 200.</summary>
    public sealed class NextPageLink
    {
        public static NextPageLink Instance { get; } = new();

        private NextPageLink() { }
    }

    /// <summary>
    /// <c>&lt;/path?…&amp;limit=…&amp;after=…&gt;; rel="next"</c>: the request's own path (with its base) and query, its
    /// other parameters kept, <c>limit</c> and <c>after</c> set. A relative reference, resolved against the request's URL
    /// (RFC 8288 allows it): it needs no configured public address and no trust in the Host header, and it works behind
    /// any proxy that keeps the path.
    /// </summary>
    internal static string NextLink(HttpRequest request, int limit, Cursor after)
    {
        var query = new QueryBuilder(QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(p => !p.Key.Equals(PageQuery.LimitName, StringComparison.OrdinalIgnoreCase) && !p.Key.Equals(PageQuery.AfterName, StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? ""))))
        {
            { PageQuery.LimitName, limit.ToString(CultureInfo.InvariantCulture) },
            { PageQuery.AfterName, after.Encode() },
        };
        return $"<{request.PathBase.Add(request.Path).ToUriComponent()}{query.ToQueryString().ToUriComponent()}>; rel=\"next\"";
    }
}
