namespace InviteService.Infrastructure.Database;

/// <summary>
/// How a store numbers webhook events so that their ids sort in the order their changes committed: the SQL expression of
/// the next id, evaluated only when an event is recorded, and the statement that moves the count on after one was drawn
/// (null where drawing it already did). Each store states its own (<see cref="Store.EventNumberingOf"/>).
/// </summary>
public sealed record EventNumbering(string NextId, string? Advance);
