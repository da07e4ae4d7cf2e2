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
        var written = new List<string>();
        async Task Join(string user)
        {
            await app.JoinAsync(user, code);
            written.Add(user);
        }

        // Two instants; at the second, one user joins, leaves and joins again: two joins of one user at one instant.
        foreach (var user in new[] { "lj-b", "lj-a", "lj-c" }) await Join(user);
        using (app.Time.Shift(TimeSpan.FromMinutes(1)))
        {
            await Join("lj-e");
            await Join("lj-d");
            (await app.As("lj-d").DeleteAsync($"/servers/{server}/members/lj-d")).EnsureSuccessStatusCode();
            await Join("lj-d");
            await Join("lj-f");
        }

        var pages = await Pages.FollowAsync(app.As("lj-owner1"), $"/invites/{code}/joins?limit=3");

        pages.Select(p => p.Rows.Count).ShouldBe([3, 3, 1]);
        pages.All("user_id").ShouldBe(["lj-f", "lj-d", "lj-d", "lj-e", "lj-c", "lj-a", "lj-b"]);
        pages.Select(p => p.Rows.Select(r => r!["still_member"]!.GetValue<bool>())).SelectMany(s => s).ShouldAllBe(still => still);
        pages[0].Next.ShouldStartWith($"/invites/{code}/joins?limit=3&after=");
        pages[^1].Next.ShouldBeNull();
        written.Count.ShouldBe(7);
    }

    [Fact]
    public async Task Without_a_limit_a_page_holds_100_joins()
    {
        var (_, channel) = await app.CreateServerAsync("lj-owner2");
        var code = await app.CreateInviteAsync("lj-owner2", channel, new { max_age = 0 });
        for (var i = 0; i < 101; i++) await app.JoinAsync($"lj2-{i:000}", code);

        var pages = await Pages.FollowAsync(app.As("lj-owner2"), $"/invites/{code}/joins");

        pages.Select(p => p.Rows.Count).ShouldBe([100, 1]);
        pages[0].Next.ShouldContain("limit=100&after=");
        pages.All("user_id").ShouldBe(Enumerable.Range(0, 101).Reverse().Select(i => $"lj2-{i:000}"));
    }
}
