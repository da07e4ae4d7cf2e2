using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace InviteService.Infrastructure.Paging;

/// <summary>
/// Where a page ended: the sort key of its last row, an instant (Unix milliseconds) and the id that orders rows of the same
/// instant. On the wire it is opaque: base64url (no padding) of <c>{at}:{id}</c>, handed out in a <c>Link</c> header and
/// passed back as it came. A cursor grants nothing: each request is checked as if it were the first page.
/// </summary>
public readonly record struct Cursor(long At, string Id)
{
    /// <summary>The longest <c>after</c> accepted: room for an instant and an id of a few hundred characters.</summary>
    public const int MaxLength = 1024;

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(At.ToString(CultureInfo.InvariantCulture) + ":" + Id));

    /// <summary>Reads a cursor this service handed out; false for anything else, without throwing.</summary>
    public static bool TryDecode(string? text, out Cursor cursor)
    {
        cursor = default;
        if (text is not { Length: > 0 and <= MaxLength } || !Base64Url.IsValid(text, out var length)) return false;
        var bytes = new byte[length];
        if (Base64Url.DecodeFromChars(text, bytes) != length || !System.Text.Unicode.Utf8.IsValid(bytes)) return false;

        var decoded = Encoding.UTF8.GetString(bytes);
        var colon = decoded.IndexOf(':');
        if (colon <= 0 || colon == decoded.Length - 1) return false;
        if (!long.TryParse(decoded.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var at)) return false;
        cursor = new Cursor(at, decoded[(colon + 1)..]);
        return true;
    }
}
