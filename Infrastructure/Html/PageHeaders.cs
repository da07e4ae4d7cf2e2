namespace InviteService.Infrastructure.Html;

/// <summary>
/// The headers every HTML page of ours carries: a Content-Security-Policy that allows no script at all and only our own
/// styles, no referrer (the invite code in the URL never reaches an icon's host), and no content sniffing.
/// </summary>
public static class PageHeaders
{
    public static string ContentSecurityPolicy(string frameAncestors) =>
        "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' https: http: data:; " +
        $"base-uri 'none'; form-action 'none'; frame-ancestors {frameAncestors}";

    public static void Apply(HttpResponse response, string frameAncestors)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(frameAncestors);
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-cache";
    }
}
