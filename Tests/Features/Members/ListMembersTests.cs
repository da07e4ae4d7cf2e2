using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Members;

/// <summary>GET /servers/{id}/members in pages: oldest member first, by when they joined and then user id.</summary>
public sealed class ListMembersTests(InviteApp app) : IClassFixture<InviteApp>
{
    /// <summary>
    /// A server whose members joined in three bursts a minute apart, each burst at one instant, in an order that is not their
    /// ids' order: the list orders by the instant, then by user id. Answers the server, its members in the list's order, and
    /// the invite they came through.
    /// </summary>
    private async Task<(string Server, string[] Expected, string Code)> ServerJoinedInBurstsAsync(string prefix)
    {
        var (server, channel) = await app.CreateServerAsync(prefix + "-owner");
        var code = await app.CreateInviteAsync(prefix + "-owner", channel, new { max_age = 0 });
        string[][] bursts = [["c", "a", "b"], ["f", "d"], ["h", "e", "g", "i"]];
        var expected = new List<string> { prefix + "-owner" };
        for (var minute = 0; minute < bursts.Length; minute++)
        {
            using (app.Time.Shift(TimeSpan.FromMinutes(minute + 1)))
            {
                foreach (var user in bursts[minute]) await app.JoinAsync($"{prefix}-{user}", code);
            }

            expected.AddRange(bursts[minute].Order(StringComparer.Ordinal).Select(user => $"{prefix}-{user}"));
        }

        return (server, [.. expected], code);
    }

    [Fact]
    public async Task Paging_through_the_members_gives_each_once_oldest_first_with_a_Link_until_the_last_page()
    {
        var (server, expected, _) = await ServerJoinedInBurstsAsync("lm1");

        var pages = await Pages.FollowAsync(app.As("lm1-owner"), $"/servers/{server}/members?limit=4");

        pages.ShouldBeInPages($"/servers/{server}/members", 4, [4, 4, 2], "user_id", expected);
    }

    [Fact]
    public async Task Without_a_limit_a_page_holds_100_members_and_the_next_link_says_so()
    {
        var (server, channel) = await app.CreateServerAsync("lm2-owner");
        var code = await app.CreateInviteAsync("lm2-owner", channel, new { max_age = 0 });
        for (var i = 0; i < 101; i++) await app.JoinAsync($"lm2-{i:000}", code);

        var pages = await Pages.FollowAsync(app.As("lm2-owner"), $"/servers/{server}/members");

        // One instant for all, so by user id: digits before letters.
        pages.ShouldBeInPages($"/servers/{server}/members", 100, [100, 2], "user_id", [.. Enumerable.Range(0, 101).Select(i => $"lm2-{i:000}"), "lm2-owner"]);
    }

    [Fact]
    public async Task Members_who_leave_or_join_between_pages_make_no_other_member_skipped_or_repeated()
    {
        var (server, expected, code) = await ServerJoinedInBurstsAsync("lm3");
        var client = app.As("lm3-owner");
        var first = await client.GetAsync($"/servers/{server}/members?limit=3");
        var firstRows = (await first.ReadJsonAsync()).AsArray().Select(r => r!["user_id"]!.GetValue<string>()).ToArray();

        // A member of the first page is kicked, and someone joins after everyone: by position (OFFSET) the next page would
        // skip one member; by key it goes on where the first page ended.
        (await client.DeleteAsync($"/servers/{server}/members/lm3-a")).EnsureSuccessStatusCode();
        using (app.Time.Shift(TimeSpan.FromMinutes(10))) await app.JoinAsync("lm3-0", code);

        var rest = await Pages.FollowAsync(client, Pages.NextLink(first)!);

        firstRows.ShouldBe(expected[..3]);
        rest.All("user_id").ShouldBe([.. expected[3..], "lm3-0"]);
    }
}
