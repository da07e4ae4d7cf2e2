namespace InviteService.Features.Hearth;

/// <summary>The answer of POST /invites/{code}/joins/remove: how many were kicked and banned, and who was skipped.</summary>
public sealed record HearthJoinsRemoved(long Removed, long Banned, IReadOnlyList<string> Skipped);
