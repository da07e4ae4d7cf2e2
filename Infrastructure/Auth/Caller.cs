using System.Globalization;
using System.Reflection;
using System.Security.Claims;
using InviteService.Infrastructure.Validation;

namespace InviteService.Infrastructure.Auth;

/// <summary>
/// The signed-in user, read from the token's claims. Bound as an endpoint parameter. The claims are the host app's, not
/// ours to trust with a list's size: the name is kept as text people can read, bounded (<see cref="DisplayName"/>), and a
/// picture that is neither a web link nor a plain file name is left out (<see cref="PictureOrNull"/>).
/// </summary>
public sealed record Caller(string Id, string Name, string? Avatar, bool IsPlatformAdmin)
{
    public const int MaxIdLength = 64;

    /// <summary>
    /// A user id as a token's <c>sub</c> must give it: 1-<see cref="MaxIdLength"/> characters, none a control character
    /// (NUL among them, which PostgreSQL cannot store) and no unpaired surrogate. It is stored, listed and put in URLs.
    /// </summary>
    public static bool IsUserId(string? sub) =>
        sub is { Length: > 0 and <= MaxIdLength } && !sub.Any(char.IsControl) && TextRules.IsWellFormed(sub);

    public static readonly string UserIdRule = $"1-{MaxIdLength} characters, none of them a control character";

    /// <summary>A name is cut to this many user-perceived characters (grapheme clusters).</summary>
    public const int MaxNameLength = 100;

    /// <summary>
    /// And to at most this many UTF-16 code units, at a cluster boundary: a cluster has no length limit of its own (one letter
    /// with a thousand combining marks is one), so the cluster count alone would not bound the stored text.
    /// </summary>
    public const int MaxNameChars = 1000;

    /// <summary>A longer picture claim is left out, as are pictures that are neither an http(s) URL nor a plain file name.</summary>
    public const int MaxPictureLength = TextRules.MaxUrlLength;

    /// <summary>A plain file name is at most this long (the usual file-system limit).</summary>
    public const int MaxFileNameLength = 255;

    public static Caller? FromPrincipal(ClaimsPrincipal principal)
    {
        var sub = principal.FindFirstValue("sub");
        if (string.IsNullOrEmpty(sub))
        {
            return null;
        }

        return new Caller(
            sub,
            DisplayName(principal.FindFirstValue("name")) ?? sub,
            PictureOrNull(principal.FindFirstValue("picture")),
            principal.FindAll("role").Any(c => c.Value == "admin"));
    }

    /// <summary>
    /// The name as stored and shown: every code point the text rules hide removed (<see cref="VisibleText"/>: control,
    /// format, invisible, blank-drawn and text-direction characters; emoji sequences kept), trimmed, cut to
    /// <see cref="MaxNameLength"/> grapheme clusters and <see cref="MaxNameChars"/> code units, trimmed again; null when
    /// nothing visible is left (the caller's id stands in).
    /// </summary>
    public static string? DisplayName(string? claim)
    {
        if (claim is null) return null;
        if (claim.Length <= MaxNameLength && !VisibleText.HasHidden(claim) && claim.Trim().Length == claim.Length)
        {
            // The usual name: already clean and short enough, kept without copying.
            return VisibleText.HasShown(claim) ? claim : null;
        }

        var visible = VisibleText.WithoutHidden(claim).Trim();
        var length = 0;
        var elements = StringInfo.GetTextElementEnumerator(visible);
        for (var count = 0; count < MaxNameLength && elements.MoveNext(); count++)
        {
            var end = elements.ElementIndex + elements.GetTextElement().Length;
            if (end > MaxNameChars) break;
            length = end;
        }

        var name = visible[..length].TrimEnd();
        return VisibleText.HasShown(name) ? name : null;
    }

    /// <summary>
    /// The picture claim when it is at most <see cref="MaxPictureLength"/> characters and either an absolute http(s) URL
    /// (<see cref="TextRules.IsHttpUrl"/>) or a plain file name: 1-<see cref="MaxFileNameLength"/> ASCII letters, digits,
    /// <c>.</c>, <c>_</c> and <c>-</c>, not starting with a dot (so no path separator, scheme, space, control character,
    /// <c>.</c> or <c>..</c>). Anything else is ignored: null.
    /// </summary>
    public static string? PictureOrNull(string? claim) =>
        claim is { Length: > 0 and <= MaxPictureLength } && (TextRules.IsHttpUrl(claim) || IsPlainFileName(claim)) ? claim : null;

    private static bool IsPlainFileName(string name) =>
        name.Length <= MaxFileNameLength && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Minimal-API binding: endpoints that take a <see cref="Caller"/> require authentication anyway.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(FromPrincipal(context.User));
}
