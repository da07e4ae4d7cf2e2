namespace InviteService.Infrastructure.Housekeeping;

/// <summary>One round of housekeeping: every registered <see cref="IHousekeepingTask"/>, in registration order.</summary>
public sealed class HousekeepingJob(IEnumerable<IHousekeepingTask> tasks)
{
    public sealed record Outcome(IHousekeepingTask Task, long Count)
    {
        public string? Line => Task.Describe(Count);
    }

    public async Task<IReadOnlyList<Outcome>> RunAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<Outcome>();
        foreach (var task in tasks)
        {
            outcomes.Add(new Outcome(task, await task.RunAsync(cancellationToken)));
        }

        return outcomes;
    }
}
