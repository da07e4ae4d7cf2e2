using System.Globalization;
using System.Text.RegularExpressions;

namespace InviteService.Features.Messenger;

/// <summary>
/// The dates the Messenger <c>expires</c> accepts, and nothing else:
/// <list type="bullet">
/// <item>an RFC 3339 date-time, with its offset: <c>2026-12-10T14:30:00Z</c>, <c>2026-12-10T14:30:00.5+01:00</c>;</item>
/// <item>an RFC 3339 full-date, <c>2026-12-10</c>: that day's midnight;</item>
/// <item>day first, as the original (Laravel) API reads them, by PHP's "day, month and four digit year" rule:
/// <c>dd-mm-yyyy</c> and <c>dd.mm.yyyy</c> (<c>10-12-2026</c> and <c>10.12.2026</c> are 10 December; day and month of one
/// or two digits), each alone or followed by a space and <c>HH:mm</c> or <c>HH:mm:ss</c>.</item>
/// </list>
/// A date without an offset is in UTC, the original's application time zone by default. A day the calendar lacks
/// (<c>31-02-2027</c>) is no date, as for Laravel's date rule, which checks what PHP's parser would roll over.
/// </summary>
public static class ExpiresDate
{
    private const string Clock = "(?: [0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?";
    private const string DateTime = "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})";
    private const string FullDate = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
    private const string DayFirstWithDashes = "[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}" + Clock;
    private const string DayFirstWithDots = "[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{4}" + Clock;

    /// <summary>The accepted forms as one regular expression, unanchored (the OpenAPI document states it).</summary>
    public const string Pattern = DateTime + "|" + FullDate + "|" + DayFirstWithDashes + "|" + DayFirstWithDots;

    private const DateTimeStyles InUtc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    /// <summary>Each form, and the exact formats that read it (after <see cref="Normalize"/>).</summary>
    private static readonly (Regex Form, string[] Formats)[] Forms =
    [
        (Whole(DateTime), ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"]),
        (Whole(FullDate), ["yyyy-MM-dd"]),
        (Whole(DayFirstWithDashes), ["d-M-yyyy", "d-M-yyyy HH:mm", "d-M-yyyy HH:mm:ss"]),
        (Whole(DayFirstWithDots), ["d.M.yyyy", "d.M.yyyy HH:mm", "d.M.yyyy HH:mm:ss"]),
    ];

    private static readonly Regex BeyondTicks = new("(\\.[0-9]{7})[0-9]+", RegexOptions.CultureInvariant);

    public static bool TryParse(string text, out DateTimeOffset date)
    {
        foreach (var (form, formats) in Forms)
        {
            if (form.IsMatch(text)) return DateTimeOffset.TryParseExact(Normalize(text), formats, CultureInfo.InvariantCulture, InUtc, out date);
        }

        date = default;
        return false;
    }

    /// <summary>RFC 3339's lower-case t and z as the formats spell them, and a fraction cut to the seven digits a tick holds.</summary>
    private static string Normalize(string text) => BeyondTicks.Replace(text.ToUpperInvariant(), "$1");

    /// <summary>The whole string, to its very end (<c>$</c> would let a trailing newline through).</summary>
    private static Regex Whole(string pattern) => new($"^(?:{pattern})\\z", RegexOptions.CultureInvariant);
}
