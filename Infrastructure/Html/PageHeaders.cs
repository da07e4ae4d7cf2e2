namespace InviteService.Infrastructure.Html;

/// <summary>
/// The headers every HTML page of ours carries: a Content-Security-Policy that allows no script at all, only our own
/// styles, and images from <c>imageSources</c> (our own origin unless a page says otherwise), no referrer (the invite
/// code in the URL never reaches an image's host), and no content sniffing.
/// </summary>
public static class PageHeaders
{
    public static string ContentSecurityPolicy(string frameAncestors, string imageSources = "'self'") =>
        $"default-src 'none'; script-src 'none'; style-src 'self'; img-src {imageSources}; " +
        $"base-uri 'none'; form-action 'none'; frame-ancestors {frameAncestors}";

    public static void Apply(HttpResponse response, string frameAncestors, string imageSources = "'self'")
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(frameAncestors, imageSources);
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-cache";
    }
}
