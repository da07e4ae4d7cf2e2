using System.Net;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Invites;

/// <summary>
/// A server's active invites, newest first, on both faces: every one of them by default, as the seeds show; in pages when
/// the caller gives a limit, with the Messenger face's <c>meta.total</c> counting all pages.
/// </summary>
public sealed class ListInvitesTests(InviteApp app) : IClassFixture<InviteApp>
{
    /// <summary>A server with active invites made at three instants, several at each, and one of each kind that is not active.</summary>
    private async Task<(string Server, string[] NewestFirst)> ServerWithInvitesAsync(string owner, int count)
    {
        var (server, channel) = await app.CreateServerAsync(owner);
        var codes = new List<(int Minute, string Code)>();
        for (var i = 0; i < count; i++)
        {
            using (app.Time.Shift(TimeSpan.FromMinutes(i % 3)))
            {
                codes.Add((i % 3, await app.CreateInviteAsync(owner, channel, new { max_age = 0 })));
            }
        }

        (await app.As(owner).DeleteAsync($"/invites/{await app.CreateInviteAsync(owner, channel)}")).EnsureSuccessStatusCode();
        using (app.Time.At(app.Time.GetUtcNow().AddMinutes(-10)))
        {
            await app.CreateInviteAsync(owner, channel, new { max_age = 60 }); // expired by now: neither listed nor counted
        }

        var ids = await IdsByCodeAsync(owner, server);
        return (server, [.. codes.OrderByDescending(c => c.Minute).ThenByDescending(c => ids[c.Code], StringComparer.Ordinal).Select(c => c.Code)]);
    }

    /// <summary>Invite ids, which order invites of one instant: the Messenger face shows them.</summary>
    private async Task<Dictionary<string, string>> IdsByCodeAsync(string owner, string server) =>
        (await (await app.As(owner).GetAsync($"/api/messenger/threads/{server}/invites")).ReadJsonAsync())["data"]!.AsArray()
            .ToDictionary(i => i!["code"]!.GetValue<string>(), i => i!["id"]!.GetValue<string>());

    [Fact]
    public async Task Without_a_limit_every_active_invite_is_on_one_page_newest_first_on_both_faces()
    {
        var (server, newestFirst) = await ServerWithInvitesAsync("li-owner1", 105);

        var hearth = await app.As("li-owner1").GetAsync($"/servers/{server}/invites");
        var messenger = await app.As("li-owner1").GetAsync($"/api/messenger/threads/{server}/invites");

        hearth.Headers.Contains("Link").ShouldBeFalse();
        (await hearth.ReadJsonAsync()).AsArray().Select(i => i!["code"]!.GetValue<string>()).ShouldBe(newestFirst);
        messenger.Headers.Contains("Link").ShouldBeFalse();
        var body = await messenger.ReadJsonAsync();
        body["data"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()).ShouldBe(newestFirst);
        body["meta"]!["total"]!.GetValue<int>().ShouldBe(105);
    }

    [Fact]
    public async Task Paging_through_a_servers_invites_gives_each_once_newest_first_with_a_Link_until_the_last_page()
    {
        var (server, newestFirst) = await ServerWithInvitesAsync("li-owner2", 7);

        var pages = await Pages.FollowAsync(app.As("li-owner2"), $"/servers/{server}/invites?limit=3");

        pages.ShouldBeInPages($"/servers/{server}/invites", 3, [3, 3, 1], "code", newestFirst);
    }

    [Fact]
    public async Task Paging_through_a_threads_invites_keeps_data_and_meta_with_the_total_of_all_pages()
    {
        var (server, newestFirst) = await ServerWithInvitesAsync("li-owner3", 7);
        var metas = new List<string>();

        var pages = await Pages.FollowAsync(app.As("li-owner3"), $"/api/messenger/threads/{server}/invites?limit=3", body =>
        {
            metas.Add(body["meta"]!.ToJsonString());
            return body["data"]!;
        });

        pages.ShouldBeInPages($"/api/messenger/threads/{server}/invites", 3, [3, 3, 1], "code", newestFirst);
        metas.ShouldAllBe(meta => meta == """{"total":7,"max_allowed":1000}""");
    }

    [Fact]
    public async Task A_bad_limit_on_the_messenger_face_is_422_with_its_errors()
    {
        var (server, _) = await app.CreateServerAsync("li-owner4");

        var response = await app.As("li-owner4").GetAsync($"/api/messenger/threads/{server}/invites?limit=0&after=x");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var body = await response.ReadJsonAsync();
        body["message"].ShouldNotBeNull();
        body["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["limit", "after"], ignoreOrder: true);
    }
}
