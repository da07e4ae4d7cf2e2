namespace InviteService.Infrastructure.Paging;

/// <summary>
/// Which page of a list a caller asks for, face-neutral: at most <paramref name="Limit"/> rows (null: the list's own
/// default), after <paramref name="After"/> (null: from the start). Read from <see cref="PageQuery"/> at the edge.
/// </summary>
public sealed record PageRequest(int? Limit, Cursor? After)
{
    public static PageRequest First { get; } = new(null, null);

    /// <summary>The page in SQL, for a list in the given order.</summary>
    /// <param name="defaultLimit">The list's page size when the caller names none; null for every row.</param>
    public Keyset Keyset(int? defaultLimit, bool descending) =>
        new(Limit ?? defaultLimit ?? int.MaxValue, After, descending);
}
