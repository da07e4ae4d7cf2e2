namespace InviteService.Tests.Support;

/// <summary>
/// Waits for a fact the test can observe (a row, a response, an arrival) rather than for time: polls it until it holds, and
/// fails after a deadline generous enough for any machine, so a busy one is slower but never wrong.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <param name="within">The deadline, where <see cref="Deadline"/> is not enough (a process starting, say).</param>
    public static async Task HoldsAsync(Func<Task<bool>> fact, string what, TimeSpan? within = null)
    {
        var wait = within ?? Deadline;
        var deadline = DateTime.UtcNow + wait;
        while (!await fact())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {wait.TotalSeconds:0} s for {what}");
            await Task.Delay(20);
        }
    }
}
