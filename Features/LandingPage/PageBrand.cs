namespace InviteService.Features.LandingPage;

/// <summary>
/// The host app on the invite page: its name and logo at the top of the card, its colour through a stylesheet of its own
/// (the page's policy allows no inline style), and what link cards call the site. Each part is null when its setting is
/// unset, and with none set the page is as it was.
/// </summary>
public sealed record PageBrand(string SiteName, string? ProductName, string? LogoUrl, string? AccentStylesheet)
{
    /// <summary>The path of the accent colour's stylesheet; the colour rides along as a query, so a new colour is a new URL to caches.</summary>
    public const string StylesheetPath = "/assets/brand.css";

    public bool HasHeader => ProductName is not null || LogoUrl is not null;

    /// <summary>The logo's text alternative: none beside the product's name (it would be read twice), else that it is a logo.</summary>
    public string LogoAlt => ProductName is null ? "Logo" : "";

    public static PageBrand From(LandingPageOptions options) => new(
        options.SiteName,
        options.ProductName.Length > 0 ? options.ProductName : null,
        options.LogoUrl.Length > 0 ? options.LogoUrl : null,
        options.AccentTextColor is not null ? $"{StylesheetPath}?v={options.AccentColor[1..].ToLowerInvariant()}" : null);

    /// <summary>The stylesheet that puts <see cref="LandingPageOptions.AccentColor"/> on the page, or null when none is set.</summary>
    public static string? Stylesheet(LandingPageOptions options) => options.AccentTextColor is { } text
        ? $$"""
            /* LandingPage:AccentColor, in light and dark mode alike. */
            :root { --accent: {{options.AccentColor.ToLowerInvariant()}}; --accent-text: {{text}}; }
            .card { border-top: 4px solid var(--accent); }

            """
        : null;
}
