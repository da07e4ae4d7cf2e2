using System.Buffers;
using System.Globalization;
using System.Text;

namespace InviteService.Infrastructure.Validation;

/// <summary>
/// What text shows to people, code point by code point: the rule behind <see cref="TextRules.PlainText{T}"/> for names and
/// reasons, and behind the cleaning of display names from tokens (README, "Text and links"). A code point is
/// <em>hidden</em> when it is
/// <list type="bullet">
/// <item>of a category that draws nothing, or nothing a name should hold: control (Cc), format (Cf), line and paragraph
/// separators (Zl, Zp), private use (Co), unassigned in the Unicode version of the .NET runtime (Cn), or half of a
/// surrogate pair without the other (Cs);</item>
/// <item>one of the other Default_Ignorable_Code_Points, Unicode's list of what renders as nothing, that is of another
/// category: U+034F combining grapheme joiner, the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, the Khmer inherent
/// vowels U+17B4 and U+17B5 (the rest of that list is Cf or Cn, or a variation selector);</item>
/// <item>a symbol drawn blank: U+2800 braille pattern blank, U+1D159 musical symbol null notehead, U+16FE4 Khitan small
/// script filler;</item>
/// <item>a variation selector (U+FE00-U+FE0F, U+E0100-U+E01EF, the Mongolian U+180B-U+180D and U+180F) anywhere but
/// directly after a shown character: one selector picks that character's look (🏳️, an ideograph's variant), while a run
/// of them shows nothing and can carry hidden text.</item>
/// </list>
/// Emoji need two format characters, and keep them where they need them, nowhere else:
/// <list type="bullet">
/// <item>U+200D zero width joiner between two symbols (So, the category of pictographs), the first one maybe followed by
/// a variation selector or a skin-tone modifier: 👨‍👩‍👧, 🏳️‍🌈, 👩🏽‍💻. Between letters it stays hidden (so do the
/// joiners some scripts use between letters: a trade-off for names that cannot hide anything);</item>
/// <item>the tag characters U+E0020-U+E007E closed by U+E007F directly after U+1F3F4, the flags of England, Scotland and
/// Wales.</item>
/// </list>
/// A code point is <em>shown</em> when it is not hidden, not white space and not a combining mark (Mn, Mc, Me): a name
/// needs one to be seen at all.
/// </summary>
public static class VisibleText
{
    /// <summary>Whether <paramref name="text"/> holds a hidden code point.</summary>
    public static bool HasHidden(string text)
    {
        foreach (var point in Scan(text))
        {
            if (point.Hidden) return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="text"/> shows anything: a code point that is not hidden, white space or a combining mark.</summary>
    public static bool HasShown(string text)
    {
        foreach (var point in Scan(text))
        {
            if (point.Shown) return true;
        }

        return false;
    }

    /// <summary><paramref name="text"/> without its hidden code points (judged in the text as it came).</summary>
    public static string WithoutHidden(string text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var point in Scan(text))
        {
            if (!point.Hidden) kept.Append(text, point.Index, point.Length);
        }

        return kept.Length == text.Length ? text : kept.ToString();
    }

    private readonly record struct CodePoint(int Index, int Length, bool Hidden, bool Shown);

    private static IEnumerable<CodePoint> Scan(string text)
    {
        var afterShown = false;   // the code point before was shown (a variation selector may follow)
        var pictograph = false;   // the last code point but selectors and skin tones was a shown symbol (a joiner may follow)
        var tagsEnd = -1;         // the end of a flag's tag sequence that started at a U+1F3F4
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length) != OperationStatus.Done)
            {
                yield return new CodePoint(i, 1, Hidden: true, Shown: false); // an unpaired surrogate
                (afterShown, pictograph) = (false, false);
                i++;
                continue;
            }

            var value = rune.Value;
            var category = Rune.GetUnicodeCategory(rune);
            bool hidden;
            var shown = false;
            if (i < tagsEnd)
            {
                hidden = false; // a flag's tags: not shown themselves, but part of the flag
            }
            else if (value == ZeroWidthJoiner)
            {
                hidden = !(pictograph && IsPictograph(text, i + length));
            }
            else if (IsVariationSelector(value))
            {
                hidden = !afterShown;
            }
            else
            {
                hidden = category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                             or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                             or UnicodeCategory.Surrogate
                         || IsOtherIgnorable(value) || IsDrawnBlank(value);
                shown = !hidden && !Rune.IsWhiteSpace(rune) &&
                        category is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark);
            }

            yield return new CodePoint(i, length, hidden, shown);

            if (value == WavingBlackFlag && shown) tagsEnd = TagSequenceEnd(text, i + length);
            var keepsPictograph = !hidden && (IsVariationSelector(value) || IsSkinTone(value) || i < tagsEnd);
            pictograph = keepsPictograph ? pictograph : shown && category == UnicodeCategory.OtherSymbol;
            afterShown = shown;
            i += length;
        }
    }

    private const int ZeroWidthJoiner = 0x200D;
    private const int WavingBlackFlag = 0x1F3F4;

    private static bool IsVariationSelector(int value) =>
        value is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF) or (>= 0x180B and <= 0x180D) or 0x180F;

    /// <summary>Default_Ignorable_Code_Points that are neither Cf, Cn nor variation selectors.</summary>
    private static bool IsOtherIgnorable(int value) =>
        value is 0x034F or 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x17B4 or 0x17B5;

    private static bool IsDrawnBlank(int value) => value is 0x2800 or 0x1D159 or 0x16FE4;

    private static bool IsSkinTone(int value) => value is >= 0x1F3FB and <= 0x1F3FF;

    /// <summary>Whether the code point at <paramref name="index"/> is a shown symbol (So).</summary>
    private static bool IsPictograph(string text, int index) =>
        index < text.Length && Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out _) == OperationStatus.Done &&
        Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherSymbol && !IsDrawnBlank(rune.Value);

    /// <summary>Where a run of tag characters starting at <paramref name="index"/> and closed by U+E007F ends; -1 when there is none.</summary>
    private static int TagSequenceEnd(string text, int index)
    {
        var tags = 0;
        while (index < text.Length && Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var length) == OperationStatus.Done)
        {
            if (rune.Value is >= 0xE0020 and <= 0xE007E) tags++;
            else return rune.Value == 0xE007F && tags > 0 ? index + length : -1;
            index += length;
        }

        return -1;
    }
}
