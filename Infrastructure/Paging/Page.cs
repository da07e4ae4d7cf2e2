namespace InviteService.Infrastructure.Paging;

/// <summary>A page of a list: its rows in the list's order, and the request for the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, PageRequest? Next);
