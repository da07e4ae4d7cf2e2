using System.Text.RegularExpressions;
using InviteService.Features.Messenger;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Messenger;

/// <summary>Fast unit tests of the dates <c>expires</c> accepts: each form read as the original reads it, and nothing else.</summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class ExpiresDateTests
{
    private static readonly Regex Documented = new($"^(?:{ExpiresDate.Pattern})$", RegexOptions.ECMAScript);

    [Theory]
    [InlineData("2026-12-10T14:30:00Z", "2026-12-10T14:30:00.0000000+00:00")]
    [InlineData("2026-12-10t14:30:00z", "2026-12-10T14:30:00.0000000+00:00")]
    [InlineData("2026-12-10T14:30:00.5+01:00", "2026-12-10T13:30:00.5000000+00:00")]
    [InlineData("2026-12-10T14:30:00.123456789-02:30", "2026-12-10T17:00:00.1234567+00:00")]
    [InlineData("2026-12-10", "2026-12-10T00:00:00.0000000+00:00")]
    [InlineData("10-12-2026", "2026-12-10T00:00:00.0000000+00:00")]
    [InlineData("01.02.2027", "2027-02-01T00:00:00.0000000+00:00")]
    [InlineData("1-2-2027", "2027-02-01T00:00:00.0000000+00:00")]
    [InlineData("29.02.2028", "2028-02-29T00:00:00.0000000+00:00")]
    [InlineData("10-12-2026 14:30", "2026-12-10T14:30:00.0000000+00:00")]
    [InlineData("10.12.2026 14:30:15", "2026-12-10T14:30:15.0000000+00:00")]
    public void Each_form_is_read_as_the_original_reads_it_and_a_date_without_an_offset_is_utc(string text, string expected)
    {
        ExpiresDate.TryParse(text, out var date).ShouldBeTrue(text);

        date.ToString("O").ShouldBe(expected);
        Documented.IsMatch(text).ShouldBeTrue("the OpenAPI document's pattern lets it through");
    }

    [Theory]
    [InlineData("")]
    [InlineData("whenever")]
    [InlineData("next tuesday")]
    [InlineData("tomorrow")]
    [InlineData("12/10/2026")] // PHP's American month-first form
    [InlineData("2026/12/10")]
    [InlineData("10-12-26")] // two-digit years
    [InlineData("10-12.2026")] // mixed separators
    [InlineData("10 12 2026")]
    [InlineData("2026-12-10T14:30:00")] // no offset: not RFC 3339
    [InlineData("2026-12-10 14:30:00Z")]
    [InlineData("2026-12-10T14:30:00+0100")]
    [InlineData("2026-12-10T14:30:00.Z")]
    [InlineData("2026-1-10")]
    [InlineData("10-12-2026 4:30")]
    [InlineData("10-12-2026T14:30")]
    [InlineData(" 10-12-2026")]
    [InlineData("١٠-١٢-٢٠٢٦")] // digits of another script
    public void Any_other_string_is_no_date_and_the_documented_pattern_says_so(string text)
    {
        ExpiresDate.TryParse(text, out _).ShouldBeFalse(text);
        Documented.IsMatch(text).ShouldBeFalse(text);
    }

    [Theory]
    [InlineData("31-02-2027")]
    [InlineData("29.02.2027")]
    [InlineData("2026-13-01")]
    [InlineData("00-12-2026")]
    [InlineData("10-12-2026 24:00")]
    [InlineData("2026-12-10T14:30:60Z")]
    [InlineData("10-12-2026\n")]
    public void A_day_or_time_the_calendar_lacks_is_no_date_nor_is_a_trailing_newline(string text) =>
        ExpiresDate.TryParse(text, out _).ShouldBeFalse(text);
}
