using System.Security.Cryptography;
using System.Text;

namespace InviteService.Features.LandingPage;

/// <summary>
/// The default avatar: a neutral figure on a colour drawn from the user id in the path, as SVG, cached with an ETag. Every
/// avatar URL the service hands out that is not the user's own picture URL resolves here. It is made from the id alone,
/// with no lookup, so any id gets the same kind of image with the same headers: the answer tells nobody whether such a
/// user exists, nor anything about them (initials would give away their name).
/// </summary>
public static class Avatars
{
    /// <summary>GET /avatars/{userId} (and a face's own image paths): the SVG, or 304 when the browser's copy is current.</summary>
    public static IResult Serve(string userId, HttpContext context)
    {
        var svg = Svg(userId);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(svg)))[..16]}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "public, max-age=86400";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
        if (context.Request.Headers.IfNoneMatch.Contains(etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Text(svg, "image/svg+xml; charset=utf-8");
    }

    /// <summary>A face's avatar path that also names a size and a file (the Messenger seed's): the same image, whatever they say.</summary>
    public static IResult ServeSized(string userId, string size, string file, HttpContext context) => Serve(userId, context);

    /// <summary>Documents a route that answers <see cref="Serve"/> (its 404, for a path that is not well-formed text, is the face's).</summary>
    public static RouteHandlerBuilder DescribeAvatar(this RouteHandlerBuilder builder) =>
        builder.WithSummary("The default avatar of a user id (SVG), drawn from the id alone: the same kind of image for any id")
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml")
            .Produces(StatusCodes.Status304NotModified);

    private static readonly string[] Colours = ["#0b5cad", "#8250df", "#bf3989", "#cf222e", "#9a6700", "#1a7f37", "#0969da", "#6e7781"];

    /// <summary>A head and shoulders on a circle whose colour is drawn from <paramref name="userId"/>: nothing else goes in.</summary>
    public static string Svg(string userId)
    {
        var colour = Colours[SHA256.HashData(Encoding.UTF8.GetBytes(userId))[0] % Colours.Length];
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128" role="img" aria-label="Avatar"><rect width="128" height="128" rx="64" fill="{colour}"/><circle cx="64" cy="50" r="22" fill="#ffffff"/><path d="M24 108c6-22 22-32 40-32s34 10 40 32z" fill="#ffffff"/></svg>
            """;
    }
}
