using System.ComponentModel.DataAnnotations;

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

    /// <summary>The page's CSP <c>img-src</c>: its own origin, and the web when <see cref="RemoteImages"/> is on.</summary>
    public string ImageSources => RemoteImages ? "'self' https: http:" : "'self'";

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
    }
}
