namespace InviteService.Infrastructure.Housekeeping;

/// <summary>
/// One piece of periodic upkeep (archiving dead invites, pruning old deliveries). Every task a feature registers runs in
/// each round of <see cref="HousekeepingJob"/>, from the background service and from the <c>housekeeping</c> command alike.
/// A task must be safe to run in several processes at once.
/// </summary>
public interface IHousekeepingTask
{
    /// <summary>One round of the task; how many rows it changed.</summary>
    Task<long> RunAsync(CancellationToken cancellationToken);

    /// <summary>What a round that changed <paramref name="count"/> rows did, in a line for people; null when not worth a line.</summary>
    string? Describe(long count);
}
