using System.Globalization;

namespace InviteService.Infrastructure.Paging;

/// <summary>
/// One page of a list in SQL, by keyset: the list orders by an instant and a tie-breaking id, and the query keeps the rows
/// past the cursor with a row-value comparison, <c>(at, id) &lt; (@AfterAt, @AfterId)</c> newest first or <c>&gt;</c>
/// oldest first, and ends with <c>LIMIT @Take</c>: one row more than the page holds, which says whether another follows.
/// No OFFSET: a page costs the same wherever it is, and rows inserted meanwhile neither repeat nor push others out.
/// On the first page the parameters name a key before every row, so one SQL text serves every page.
/// </summary>
public readonly record struct Keyset(int Limit, Cursor? After, bool Descending)
{
    public long AfterAt => After?.At ?? (Descending ? long.MaxValue : long.MinValue);

    public string AfterId => After?.Id ?? "";

    /// <summary>
    /// <see cref="AfterId"/> for a list whose ids are numbers. An id that is not one (a cursor of another list) is taken as
    /// coming before every id of its instant, so the page starts with that instant's rows.
    /// </summary>
    public long AfterNumber =>
        After is { } after && long.TryParse(after.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
        : Descending ? long.MaxValue : long.MinValue;

    public long Take => (long)Limit + 1;

    /// <summary>The page of <paramref name="rows"/> (as many as <see cref="Take"/> asked for), and the request for the next one, if any.</summary>
    public Page<T> Cut<T>(List<T> rows, Func<T, Cursor> keyOf)
    {
        if (rows.Count <= Limit) return new Page<T>(rows, null);
        rows.RemoveRange(Limit, rows.Count - Limit);
        return new Page<T>(rows, new PageRequest(Limit, keyOf(rows[^1])));
    }
}
