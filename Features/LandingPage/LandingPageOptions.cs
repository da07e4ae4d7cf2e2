using System.ComponentModel.DataAnnotations;
using System.Globalization;
using InviteService.Infrastructure.Validation;

namespace InviteService.Features.LandingPage;

public sealed class LandingPageOptions : IValidatableObject
{
    public const string Section = "LandingPage";

    /// <summary>
    /// The host app's join flow, a URL template with <c>{code}</c> (<c>https://chat.example.com/join/{code}</c>): where
    /// "Accept invite" takes the person. Empty: the page says how to join through the API instead.
    /// </summary>
    public string JoinUrl { get; set; } = "";

    /// <summary>Who may frame the page (CSP <c>frame-ancestors</c>): <c>'none'</c> by default, or origins such as <c>https://chat.example.com</c>.</summary>
    public string FrameAncestors { get; set; } = "'none'";

    /// <summary>
    /// Whether the page shows the server's icon and the inviter's picture from the URLs members gave (and offers the icon
    /// as the Open Graph image and oEmbed thumbnail). Off by default: a visitor's browser then asks no host but this
    /// service for anything, so nobody who can set an icon or a picture learns who opens an invite, from where, or when;
    /// the page shows initials instead, and link cards have no picture.
    /// </summary>
    public bool RemoteImages { get; set; }

    /// <summary>
    /// The host app's name (<c>Hearth Chat</c>), shown at the top of the invite page and given to link cards as the site's
    /// name (<c>og:site_name</c>, oEmbed's <c>provider_name</c>). Empty, the default: the page names no product and cards
    /// say <c>InviteService</c>, as before.
    /// </summary>
    public string ProductName { get; set; } = "";

    /// <summary>
    /// The host app's logo, an absolute <c>https://</c> URL, shown beside <see cref="ProductName"/>. The page's policy lets
    /// images load from its origin (and no other, unless <see cref="RemoteImages"/> is on). Empty, the default: no logo.
    /// </summary>
    public string LogoUrl { get; set; } = "";

    /// <summary>
    /// The host app's colour, <c>#rrggbb</c>, for the "Accept invite" button and the card's top edge, in light and dark mode
    /// alike; the button's text is white or black, whichever reads better on it. Empty, the default: the page's own blue.
    /// </summary>
    public string AccentColor { get; set; } = "";

    public const int MaxProductNameLength = 64;

    /// <summary>What link cards call the site: <see cref="ProductName"/>, or <c>InviteService</c> when none is set.</summary>
    public string SiteName => ProductName.Length > 0 ? ProductName : "InviteService";

    /// <summary>
    /// The page's CSP <c>img-src</c>: its own origin, the logo's origin when <see cref="LogoUrl"/> is set, and the web when
    /// <see cref="RemoteImages"/> is on.
    /// </summary>
    public string ImageSources => RemoteImages ? "'self' https: http:" : OwnImageSources;

    /// <summary>The CSP <c>img-src</c> of a page that shows no member's picture (the 404 and 429 pages): its own origin and the logo's.</summary>
    public string OwnImageSources => LogoOrigin is { } logo ? $"'self' {logo}" : "'self'";

    /// <summary><c>https://host[:port]</c> of <see cref="LogoUrl"/> (the host in its ASCII form, as CSP wants it), or null.</summary>
    public string? LogoOrigin => LogoUrl.Length > 0 && Uri.TryCreate(LogoUrl, UriKind.Absolute, out var logo)
        ? $"https://{logo.IdnHost}{(logo.IsDefaultPort ? "" : ":" + logo.Port.ToString(CultureInfo.InvariantCulture))}"
        : null;

    /// <summary>
    /// The text colour that reads better on <see cref="AccentColor"/>: white or black, by WCAG contrast; null when no accent
    /// colour is set.
    /// </summary>
    public string? AccentTextColor
    {
        get
        {
            if (!IsHexColor(AccentColor)) return null;
            static double Channel(string hex) =>
                int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0 is var c && c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            var luminance = 0.2126 * Channel(AccentColor[1..3]) + 0.7152 * Channel(AccentColor[3..5]) + 0.0722 * Channel(AccentColor[5..7]);
            // Contrast with white is 1.05 / (L + 0.05), with black (L + 0.05) / 0.05: white wins below L of about 0.179.
            return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? "#ffffff" : "#000000";
        }
    }

    private static bool IsHexColor(string color) =>
        color.Length == 7 && color[0] == '#' && color[1..].All(char.IsAsciiHexDigit);

    private static bool IsHttpsUrl(string url) =>
        TextRules.IsHttpUrl(url) && url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) &&
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length == 0;

    public string? AcceptUrl(string code) =>
        string.IsNullOrEmpty(JoinUrl) ? null : JoinUrl.Replace("{code}", Uri.EscapeDataString(code), StringComparison.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (JoinUrl.Length > 0 && (!JoinUrl.Contains("{code}", StringComparison.Ordinal) ||
                                   !Infrastructure.Validation.TextRules.IsHttpUrl(JoinUrl.Replace("{code}", "x", StringComparison.Ordinal))))
        {
            yield return new ValidationResult("LandingPage:JoinUrl must be an absolute http(s) URL with {code} in it, e.g. https://chat.example.com/join/{code}.");
        }

        if (FrameAncestors.Any(c => c is ';' or ',' or '\r' or '\n'))
        {
            yield return new ValidationResult("LandingPage:FrameAncestors is one CSP source list, such as 'none' or https://chat.example.com.");
        }

        if (ProductName.Length > MaxProductNameLength || VisibleText.HasHidden(ProductName) ||
            (ProductName.Length > 0 && !VisibleText.HasShown(ProductName)))
        {
            yield return new ValidationResult(
                $"LandingPage:ProductName must be the host app's name as people read it, at most {MaxProductNameLength} characters with no control, invisible or text-direction characters.");
        }

        if (LogoUrl.Length > 0 && !IsHttpsUrl(LogoUrl))
        {
            yield return new ValidationResult("LandingPage:LogoUrl must be an absolute https:// URL without user info, e.g. https://chat.example.com/logo.svg.");
        }

        if (AccentColor.Length > 0 && !IsHexColor(AccentColor))
        {
            yield return new ValidationResult("LandingPage:AccentColor must be a colour as #rrggbb, e.g. #5865f2.");
        }
    }
}
