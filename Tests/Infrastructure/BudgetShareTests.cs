using InviteService.Infrastructure.Http;
using InviteService.Tests.Support;

namespace InviteService.Tests.Infrastructure;

[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class BudgetShareTests
{
    [Theory]
    [InlineData(20, 1, 20)]
    [InlineData(10, 2, 5)]
    [InlineData(20, 3, 6)] // 18 in all: never more than the budget
    [InlineData(120, 7, 17)]
    [InlineData(1, 2, 1)] // at least one permit each
    public void Each_process_gives_a_client_the_budget_divided_by_the_live_processes(int budget, int processes, int share)
    {
        var shares = new BudgetShare();
        shares.Set(processes);
        shares.Of(budget).ShouldBe(share);
    }

    [Fact]
    public void Alone_or_before_its_first_heartbeat_a_process_has_the_whole_budget() => new BudgetShare().Of(20).ShouldBe(20);
}
