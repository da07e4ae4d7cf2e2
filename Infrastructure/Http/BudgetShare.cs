namespace InviteService.Infrastructure.Http;

/// <summary>
/// This process's share of each rate limit's budget: the budget divided by the number of live processes that serve the
/// database (at least one permit), so processes behind one load balancer never let a client through more than the
/// budget in total, however its requests are spread. The count comes from <see cref="ProcessHeartbeat"/>; alone, or
/// until its first heartbeat, a process has the whole budget.
/// </summary>
public sealed class BudgetShare
{
    private int _processes = 1;

    /// <summary>The live processes that serve the database, this one included.</summary>
    public int Processes => Volatile.Read(ref _processes);

    /// <summary>The permits of <paramref name="budget"/> this process may give one client per window.</summary>
    public int Of(int budget) => Math.Max(1, budget / Processes);

    /// <summary>Sets the number of live processes; answers whether it changed.</summary>
    public bool Set(int processes)
    {
        processes = Math.Max(1, processes);
        return Interlocked.Exchange(ref _processes, processes) != processes;
    }
}
