using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Invites;

/// <summary>GET /invites/{code}/joins in pages: newest join first, joins of one instant in the order they were written, last first.</summary>
public sealed class ListInviteJoinsTests(InviteApp app) : IClassFixture<InviteApp>
{
    [Fact]
    public async Task Paging_through_the_joins_gives_each_join_once_newest_first_with_a_Link_until_the_last_page()
    {
        var (server, channel) = await app.CreateServerAsync("lj-owner1");
        var code = await app.CreateInviteAsync("lj-owner1", channel, new { max_age = 0 });

        // Two instants; at the second, one user joins, leaves and joins again: two joins of one user at one instant.
        foreach (var user in new[] { "lj-b", "lj-a", "lj-c" }) await app.JoinAsync(user, code);
        using (app.Time.Shift(TimeSpan.FromMinutes(1)))
        {
            await app.JoinAsync("lj-e", code);
            await app.JoinAsync("lj-d", code);
            (await app.As("lj-d").DeleteAsync($"/servers/{server}/members/lj-d")).EnsureSuccessStatusCode();
            await app.JoinAsync("lj-d", code);
            await app.JoinAsync("lj-f", code);
        }

        var pages = await Pages.FollowAsync(app.As("lj-owner1"), $"/invites/{code}/joins?limit=3");

        pages.ShouldBeInPages($"/invites/{code}/joins", 3, [3, 3, 1], "user_id", ["lj-f", "lj-d", "lj-d", "lj-e", "lj-c", "lj-a", "lj-b"]);
        pages.SelectMany(p => p.Rows).ShouldAllBe(r => r!["still_member"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Without_a_limit_a_page_holds_100_joins()
    {
        var (_, channel) = await app.CreateServerAsync("lj-owner2");
        var code = await app.CreateInviteAsync("lj-owner2", channel, new { max_age = 0 });
        for (var i = 0; i < 101; i++) await app.JoinAsync($"lj2-{i:000}", code);

        var pages = await Pages.FollowAsync(app.As("lj-owner2"), $"/invites/{code}/joins");

        pages.ShouldBeInPages($"/invites/{code}/joins", 100, [100, 1], "user_id", Enumerable.Range(0, 101).Reverse().Select(i => $"lj2-{i:000}"));
    }
}
