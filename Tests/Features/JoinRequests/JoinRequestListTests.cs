using System.Net;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.JoinRequests;

/// <summary>GET /servers/{id}/join-requests: the pending requests, oldest first, in pages, all or one code's.</summary>
public sealed class JoinRequestListTests(InviteApp app) : IClassFixture<InviteApp>
{
    /// <summary>
    /// A server with two approval links, and <paramref name="count"/> applicants <c>{prefix}-u0</c> … who asked a minute
    /// apart, the even ones through the first link and the odd ones through the second.
    /// </summary>
    private async Task<(string Server, string First, string Second)> AskedAsync(string prefix, int count)
    {
        var (server, channel) = await app.CreateServerAsync(prefix + "-owner");
        var first = await app.CreateInviteAsync(prefix + "-owner", channel, new { requires_approval = true, max_age = 0 });
        var second = await app.CreateInviteAsync(prefix + "-owner", channel, new { requires_approval = true, max_age = 0 });
        for (var i = 0; i < count; i++)
        {
            using var at = app.Time.Shift(TimeSpan.FromMinutes(i));
            (await app.As($"{prefix}-u{i}").PostAsync($"/invites/{(i % 2 == 0 ? first : second)}", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        return (server, first, second);
    }

    [Fact]
    public async Task The_list_shows_each_pending_request_oldest_first_with_the_applicants_name()
    {
        var (server, first, second) = await AskedAsync("jl1", 3);
        (await app.As("jl1-u1").DeleteAsync($"/servers/{server}/join-requests/jl1-u1")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var response = await app.As("jl1-owner").GetAsync($"/servers/{server}/join-requests");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("Link").ShouldBeFalse();
        var list = (await response.ReadJsonAsync()).AsArray();
        list.Select(r => r!["user_id"]!.GetValue<string>()).ShouldBe(["jl1-u0", "jl1-u2"]);
        list[0]!.AsObject().Select(p => p.Key).ShouldBe(["user_id", "name", "invite_code", "created_at"]);
        list[0]!["name"]!.GetValue<string>().ShouldBe("Jl1-u0");
        list[0]!["invite_code"]!.GetValue<string>().ShouldBe(first);
        list[1]!["created_at"]!.GetValue<string>().ShouldBe(TimeTravel.Start.AddMinutes(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        second.ShouldNotBe(first);
    }

    [Fact]
    public async Task Paging_through_the_requests_gives_each_once_oldest_first_with_a_Link_until_the_last_page()
    {
        var (server, _, _) = await AskedAsync("jl2", 7);

        var pages = await Pages.FollowAsync(app.As("jl2-owner"), $"/servers/{server}/join-requests?limit=3");

        pages.ShouldBeInPages($"/servers/{server}/join-requests", 3, [3, 3, 1], "user_id", Enumerable.Range(0, 7).Select(i => $"jl2-u{i}"));
    }

    [Fact]
    public async Task With_invite_the_list_holds_that_codes_requests_only_and_its_pages_keep_the_filter()
    {
        var (server, first, second) = await AskedAsync("jl3", 7);

        var pages = await Pages.FollowAsync(app.As("jl3-owner"), $"/servers/{server}/join-requests?invite={first}&limit=2");
        var other = await (await app.As("jl3-owner").GetAsync($"/servers/{server}/join-requests?invite={second}")).ReadJsonAsync();
        var unknown = await (await app.As("jl3-owner").GetAsync($"/servers/{server}/join-requests?invite=NoSuchCode")).ReadJsonAsync();

        pages.All("user_id").ShouldBe(["jl3-u0", "jl3-u2", "jl3-u4", "jl3-u6"]);
        pages[0].Next.ShouldStartWith($"/servers/{server}/join-requests?invite={first}&limit=2&after=");
        other.AsArray().Select(r => r!["user_id"]!.GetValue<string>()).ShouldBe(["jl3-u1", "jl3-u3", "jl3-u5"]);
        unknown.AsArray().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("invite=")]
    [InlineData("invite=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task A_bad_invite_filter_is_400_validation_failed_naming_it(string query)
    {
        var (server, _) = await app.CreateServerAsync("jl4-owner");

        var response = await app.As("jl4-owner").GetAsync($"/servers/{server}/join-requests?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["invite"]);
    }

    [Fact]
    public async Task Requests_of_another_server_are_not_listed()
    {
        var (server, _, _) = await AskedAsync("jl5", 2);
        var (elsewhere, _) = await app.CreateServerAsync("jl5-owner", "Other");

        (await (await app.As("jl5-owner").GetAsync($"/servers/{elsewhere}/join-requests")).ReadJsonAsync()).AsArray().ShouldBeEmpty();
        (await (await app.As("jl5-owner").GetAsync($"/servers/{server}/join-requests")).ReadJsonAsync()).AsArray().Count.ShouldBe(2);
    }
}
