using System.Reflection;
using Carter;
using InviteService.Features.Invites;
using InviteService.Infrastructure.Errors;
using InviteService.Infrastructure.Html;
using InviteService.Infrastructure.Http;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InviteService.Features.LandingPage;

/// <summary>
/// The page a person opens from an invite link (<c>/invite/{code}</c>, and a face's own web route), oEmbed for chat
/// apps that unfurl links, and the stylesheet. Anonymous; unknown, expired, used-up, deleted and paused codes all get the
/// same 404 page, and spend failed-lookup permits like the JSON preview.
/// </summary>
public sealed class LandingPageModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").WithTags("Invite page").AllowAnonymous();
        DescribePage(pages.MapGet("/invite/{code}", PageAsync).WithName("InvitePage"), "The invite page (HTML) for an invite or vanity code: what it invites to, and the way to join")
            .ThrottleFailedLookups();
        pages.MapGet("/invite/{code}/qr.svg", QrCodeAsync).WithName("InviteQrCode")
            .WithSummary("A QR code of the invite page's URL ({Invites:PublicBaseUrl}/invite/{code}), for posters and screens; unknown and dead codes get the invite page's 404")
            .Produces<string>(StatusCodes.Status200OK, InviteQrCode.ContentType)
            .Produces<string>(StatusCodes.Status404NotFound, "text/html")
            .ThrottleFailedLookups();
        pages.MapGet("/oembed", OEmbedAsync).WithName("OEmbed")
            .WithSummary("oEmbed 1.0 link card for an invite page URL of this service (format json only; another format is 501); unknown and dead codes are 404")
            .Produces<OEmbedLink>(StatusCodes.Status200OK).Problems(StatusCodes.Status404NotFound, StatusCodes.Status501NotImplemented)
            .ThrottleFailedLookups();
        pages.MapGet("/assets/invite.css", Stylesheet).ExcludeFromDescription();
        pages.MapGet(PageBrand.StylesheetPath, BrandStylesheet).ExcludeFromDescription();
        pages.MapGet("/avatars/{userId}", Avatars.Serve).WithName("DefaultAvatar").DescribeAvatar().Problems(StatusCodes.Status404NotFound);
    }

    /// <summary>The invite page for an invite or vanity code; the same 404 page for every code that admits no one.</summary>
    public static async Task<IResult> PageAsync(
        string code, IMediator mediator, TimeProvider time, IOptions<InviteOptions> links, IOptions<LandingPageOptions> page, HttpContext context)
    {
        PageHeaders.Apply(context.Response, page.Value.FrameAncestors, page.Value.ImageSources);
        var found = await FindAsync(mediator, code, context.RequestAborted);
        var brand = PageBrand.From(page.Value);
        return found is not null
            ? Render(InvitePageModel.For(found, code, time.GetUtcNow(), links.Value, page.Value), brand)
            : Render(InvitePageModel.NotFound(code, links.Value), brand, StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// The QR code of an invite or vanity code's page, for as long as the code admits anyone; for any other code, the page's
    /// own 404 (which spends a failed-lookup permit, as the page does).
    /// </summary>
    private static async Task<IResult> QrCodeAsync(
        string code, IMediator mediator, IOptions<InviteOptions> links, IOptions<LandingPageOptions> page, HttpContext context)
    {
        PageHeaders.Apply(context.Response, page.Value.FrameAncestors, page.Value.OwnImageSources);
        var found = await FindAsync(mediator, code, context.RequestAborted);
        if (found is null) return Render(InvitePageModel.NotFound(code, links.Value), PageBrand.From(page.Value), StatusCodes.Status404NotFound);
        return TypedResults.Text(InviteQrCode.Svg(links.Value.PageFor(code)), InviteQrCode.ContentType, System.Text.Encoding.UTF8);
    }

    /// <summary>The invite or vanity code, if it admits anyone now: the page shows nothing of any other.</summary>
    private static async Task<ResolvedCode?> FindAsync(IMediator mediator, string code, CancellationToken cancellationToken)
    {
        var found = await mediator.Send(new PreviewInvite.Query(code), cancellationToken);
        return found.IsSuccess && found.Value!.Admits ? found.Value : null;
    }

    public static RazorComponentResult<InvitePage> Render(InvitePageModel model, PageBrand brand, int status = StatusCodes.Status200OK) =>
        new(new { Model = model, Brand = brand }) { StatusCode = status, ContentType = "text/html; charset=utf-8" };

    /// <summary>oEmbed 1.0 (oembed.com) for an invite page URL of ours: a link card with the server's name and icon.</summary>
    private static async Task<IResult> OEmbedAsync(
        string? url, string? format, IMediator mediator, TimeProvider time, IOptions<InviteOptions> links, IOptions<LandingPageOptions> page,
        HttpContext context)
    {
        if (format is not (null or "json")) return TypedResults.StatusCode(StatusCodes.Status501NotImplemented); // the spec's answer
        var code = CodeOf(url, links.Value);
        if (code is null) return ErrorWriter.Problem(InviteErrors.NotFound);
        var found = await FindAsync(mediator, code, context.RequestAborted);
        if (found is null) return ErrorWriter.Problem(InviteErrors.NotFound);

        var (server, invite) = (found.Server, found.Invite);
        var model = InvitePageModel.For(found, code, time.GetUtcNow(), links.Value, page.Value);
        return TypedResults.Json(new OEmbedLink(
            Version: "1.0", Type: "link", Title: $"Join {server.Name}", ProviderName: page.Value.SiteName, ProviderUrl: links.Value.PublicBaseUrl,
            AuthorName: found.IsVanity ? null : invite.InviterName, CacheAge: 300, ThumbnailUrl: model.OgImage,
            ThumbnailWidth: model.OgImage is null ? null : 256, ThumbnailHeight: model.OgImage is null ? null : 256, Description: model.Description));
    }

    /// <summary>The code in <c>{PublicBaseUrl}/invite/{code}</c> (or the Messenger route), or null for any other URL.</summary>
    public static string? CodeOf(string? url, InviteOptions links)
    {
        if (url is null || !url.StartsWith(links.PublicBaseUrl.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase)) return null;
        var path = url[links.PublicBaseUrl.TrimEnd('/').Length..].Split('?', '#')[0];
        foreach (var prefix in PagePrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && Uri.UnescapeDataString(path[prefix.Length..]) is { Length: > 0 } code && !code.Contains('/'))
            {
                return code;
            }
        }

        return null;
    }

    /// <summary>Paths that show the invite page; a face adds its own web route (the Messenger's <c>route</c> links) with <see cref="ShowAt"/>.</summary>
    public static IReadOnlyCollection<string> PagePrefixes => Prefixes.Keys.ToArray();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Prefixes = new() { ["/invite/"] = true };

    /// <summary>Maps another web route to the invite page, for a face whose links point there.</summary>
    public static RouteHandlerBuilder ShowAt(IEndpointRouteBuilder app, string prefix)
    {
        Prefixes.TryAdd(prefix, true);
        return DescribePage(app.MapGet(prefix + "{code}", PageAsync).AllowAnonymous().WithTags("Invite page"), "The invite page (HTML), at this face's own web route").ThrottleFailedLookups();
    }

    /// <summary>Documents a route that answers the invite page, or the one 404 page.</summary>
    private static RouteHandlerBuilder DescribePage(RouteHandlerBuilder builder, string summary) =>
        builder.WithSummary(summary)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .Produces<string>(StatusCodes.Status404NotFound, "text/html");


    private static readonly byte[] Css = Read("invite.css");

    private static IResult Stylesheet(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.Bytes(Css, "text/css; charset=utf-8");
    }

    /// <summary>The host app's colour (<c>LandingPage:AccentColor</c>), or 404 when none is set.</summary>
    private static IResult BrandStylesheet(IOptions<LandingPageOptions> page, HttpContext context)
    {
        if (PageBrand.Stylesheet(page.Value) is not { } css) return TypedResults.NotFound();
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.Text(css, "text/css; charset=utf-8");
    }

    private static byte[] Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
