using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.LandingPage;

/// <summary>The invite page over HTTP: what it says, what it sends with it, and how it refuses. The browser tests are in InvitePageBrowserTests.</summary>
public sealed class LandingPageTests
{
    private const string Base = "https://invites.example.org";

    private static InviteApp App() => new InviteApp()
        .With("Invites:PublicBaseUrl", Base)
        .With("LandingPage:JoinUrl", "https://chat.example.com/join/{code}");

    private static string Meta(string html, string property) =>
        Regex.Match(html, $"<meta (?:property|name)=\"{Regex.Escape(property)}\" content=\"([^\"]*)\"").Groups[1].Value;

    [Fact]
    public async Task The_page_names_the_server_its_members_channel_inviter_expiry_and_uses_left()
    {
        await using var app = App();
        var (_, channel) = await app.ServerWithMembersAsync("lp-owner1", "lp-member1");
        var code = await app.CreateInviteAsync("lp-owner1", channel, new { max_age = 6 * 3600, max_uses = 10 });

        var response = await app.As(null).GetAsync($"/invite/{code}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<h1>Cool Server</h1>");
        html.ShouldContain("2 members");
        html.ShouldContain("#general");
        html.ShouldContain("Invited by <strong>Lp-owner1</strong>");
        html.ShouldContain("expires in 6 hours (<time datetime=\"2026-02-14T18:00:00Z\">");
        html.ShouldContain("10 of 10 uses left");
        html.ShouldContain($"href=\"https://chat.example.com/join/{code}\"");
        Regex.Matches(html, "<h1[ >]").Count.ShouldBe(1);
        html.ShouldNotContain("<script");
    }

    [Fact]
    public async Task An_inviter_without_a_picture_is_shown_by_initials_in_the_page_itself_not_by_an_avatar_url()
    {
        await using var app = App();
        var (_, channel) = await app.CreateServerAsync("lp-owner12");
        var code = await app.CreateInviteAsync("lp-owner12", channel);

        var html = await app.As(null).GetStringAsync($"/invite/{code}");

        html.ShouldContain("<span class=\"avatar initials\" role=\"img\" aria-label=\"Avatar of Lp-owner12\">L</span>");
        html.ShouldNotContain("/avatars/");
    }

    [Fact]
    public async Task The_page_unfurls_with_open_graph_twitter_and_oembed_and_stays_out_of_search()
    {
        await using var app = App().With("LandingPage:RemoteImages", "true");
        var (_, channel) = await app.CreateServerAsync("lp-owner2", "Unfurl Club");
        var code = await app.CreateInviteAsync("lp-owner2", channel, new { max_age = 0 });

        var html = await app.As(null).GetStringAsync($"/invite/{code}");

        Meta(html, "og:title").ShouldBe("Unfurl Club");
        Meta(html, "og:description").ShouldBe("Join Unfurl Club: 1 member");
        Meta(html, "og:url").ShouldBe($"{Base}/invite/{code}");
        Meta(html, "og:type").ShouldBe("website");
        Meta(html, "og:image").ShouldBe("https://cdn.example/icon.png");
        Meta(html, "twitter:card").ShouldBe("summary");
        Meta(html, "robots").ShouldBe("noindex");
        var oembed = Regex.Match(html, "<link rel=\"alternate\" type=\"application/json&#x2B;oembed\" href=\"([^\"]*)\"").Groups[1].Value.Replace("&amp;", "&");
        oembed.ShouldStartWith($"{Base}/oembed?url=");

        var card = await (await app.As(null).GetAsync(oembed[Base.Length..])).ReadJsonAsync();
        card["version"]!.GetValue<string>().ShouldBe("1.0");
        card["type"]!.GetValue<string>().ShouldBe("link");
        card["title"]!.GetValue<string>().ShouldBe("Join Unfurl Club");
        card["thumbnail_url"]!.GetValue<string>().ShouldBe("https://cdn.example/icon.png");
        card["author_name"]!.GetValue<string>().ShouldBe("Lp-owner2");
    }

    /// <summary>A server with an icon URL, and an invite by a member whose token has a picture URL.</summary>
    private static async Task<string> InviteWithPicturesAsync(InviteApp app, string owner)
    {
        var (_, channel) = await app.CreateServerAsync(owner); // icon_url https://cdn.example/icon.png
        var created = await app.As(owner, picture: "https://pics.example/face.png").PostAsJsonAsync($"/channels/{channel}/invites", new { });
        return (await created.ReadJsonAsync())["code"]!.GetValue<string>();
    }

    [Fact]
    public async Task By_default_nothing_on_the_page_or_its_cards_points_at_a_host_a_member_chose()
    {
        await using var app = App();
        var code = await InviteWithPicturesAsync(app, "lp-owner13");

        var response = await app.As(null).GetAsync($"/invite/{code}");
        var html = await response.Content.ReadAsStringAsync();
        var card = await (await app.As(null).GetAsync($"/oembed?url={Uri.EscapeDataString($"{Base}/invite/{code}")}")).ReadJsonAsync();

        html.ShouldNotContain("cdn.example");
        html.ShouldNotContain("pics.example");
        html.ShouldNotContain("<img");
        html.ShouldContain("<div class=\"icon initials\" aria-hidden=\"true\">CS</div>");
        html.ShouldContain("<span class=\"avatar initials\" role=\"img\" aria-label=\"Avatar of Lp-owner13\">L</span>");
        Meta(html, "og:image").ShouldBeEmpty();
        card["thumbnail_url"].ShouldBeNull();
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("img-src 'self';");
    }

    [Fact]
    public async Task With_remote_images_on_the_page_shows_the_icon_and_the_inviters_picture_and_its_policy_lets_them_load()
    {
        await using var app = App().With("LandingPage:RemoteImages", "true");
        var code = await InviteWithPicturesAsync(app, "lp-owner14");

        var response = await app.As(null).GetAsync($"/invite/{code}");
        var html = await response.Content.ReadAsStringAsync();

        html.ShouldContain("<img class=\"icon\" src=\"https://cdn.example/icon.png\"");
        html.ShouldContain("<img class=\"avatar\" src=\"https://pics.example/face.png\"");
        Meta(html, "og:image").ShouldBe("https://cdn.example/icon.png");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("img-src 'self' https: http:;");
    }

    [Fact]
    public async Task OEmbed_answers_only_for_our_own_invite_pages_and_only_in_json()
    {
        await using var app = App();
        var (_, channel) = await app.CreateServerAsync("lp-owner3");
        var code = await app.CreateInviteAsync("lp-owner3", channel);
        var ours = Uri.EscapeDataString($"{Base}/invite/{code}");

        (await app.As(null).GetAsync($"/oembed?url={ours}&format=json")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.As(null).GetAsync($"/oembed?url={Uri.EscapeDataString($"{Base}/messenger/join/{code}")}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.As(null).GetAsync($"/oembed?url={ours}&format=xml")).StatusCode.ShouldBe(HttpStatusCode.NotImplemented);
        (await app.As(null).GetAsync($"/oembed?url={Uri.EscapeDataString($"https://evil.example/invite/{code}")}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.As(null).GetAsync("/oembed")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pages_forbid_scripts_and_framing_send_no_referrer_and_no_sniffing()
    {
        await using var app = App().With("LandingPage:FrameAncestors", "https://chat.example.com");
        var (_, channel) = await app.CreateServerAsync("lp-owner4");
        var code = await app.CreateInviteAsync("lp-owner4", channel);

        foreach (var path in new[] { $"/invite/{code}", "/invite/NoSuchCode2" })
        {
            var response = await app.As(null).GetAsync(path);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            csp.ShouldContain("script-src 'none'");
            csp.ShouldNotContain("unsafe-inline");
            csp.ShouldContain("frame-ancestors https://chat.example.com");
            response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
            response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        }
    }

    [Fact]
    public async Task Unknown_expired_used_up_deleted_and_paused_codes_get_the_same_404_page()
    {
        await using var app = App();
        var (server, channel) = await app.CreateServerAsync("lp-owner5");
        var expired = await app.CreateInviteAsync("lp-owner5", channel, new { max_age = 60 });
        var usedUp = await app.CreateInviteAsync("lp-owner5", channel, new { max_uses = 1 });
        await app.JoinAsync("lp-joiner5", usedUp);
        var deleted = await app.CreateInviteAsync("lp-owner5", channel);
        await app.As("lp-owner5").DeleteAsync($"/invites/{deleted}");
        var (pausedServer, pausedChannel) = await app.CreateServerAsync("lp-owner5b");
        var paused = await app.CreateInviteAsync("lp-owner5b", pausedChannel);
        (await app.As("lp-owner5b").PatchAsJsonAsync($"/servers/{pausedServer}", new { invites_enabled = false })).EnsureSuccessStatusCode();
        using var later = app.Time.Shift(TimeSpan.FromMinutes(2));

        var pages = new List<string>();
        foreach (var code in new[] { "Unknown234", expired, usedUp, deleted, paused })
        {
            var response = await app.As(null).GetAsync($"/invite/{code}");
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, code);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
            pages.Add(await response.Content.ReadAsStringAsync());
        }

        pages.Distinct().Count().ShouldBe(1);
        pages[0].ShouldContain("This invite is invalid or has expired");
        pages[0].ShouldNotContain("og:title");
        _ = server;
    }

    [Fact]
    public async Task Guessing_through_the_page_spends_failed_lookup_permits_and_is_told_to_slow_down_in_html()
    {
        await using var app = App().With("RateLimits:FailedLookupsPerWindow", "3").With("RateLimits:Window", "00:10:00");
        var (_, channel) = await app.CreateServerAsync("lp-owner6");
        var valid = await app.CreateInviteAsync("lp-owner6", channel);
        var guesser = app.As(null);

        for (var i = 0; i < 3; i++) (await guesser.GetAsync($"/invite/guess{i}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var refused = await guesser.GetAsync($"/invite/{valid}");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Too many attempts");
        (await guesser.GetAsync($"/invites/{valid}")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests); // one budget for both
    }

    [Fact]
    public async Task Without_a_join_url_the_page_says_how_to_join_through_the_api_instead_of_a_dead_button()
    {
        await using var app = new InviteApp().With("Invites:PublicBaseUrl", Base);
        var (_, channel) = await app.CreateServerAsync("lp-owner7");
        var code = await app.CreateInviteAsync("lp-owner7", channel);

        var html = await app.As(null).GetStringAsync($"/invite/{code}");

        html.ShouldNotContain("Accept invite");
        html.ShouldContain($"POST {Base}/invites/{code}");
    }

    [Fact]
    public async Task Vanity_codes_have_a_page_without_an_inviter()
    {
        await using var app = App();
        var (server, _) = await app.CreateServerAsync("lp-owner8", "Vanity Hall");
        (await app.As("lp-platform", admin: true).PatchAsJsonAsync($"/servers/{server}", new { features = new[] { "VANITY_URL" } })).EnsureSuccessStatusCode();
        (await app.As("lp-owner8").PatchAsJsonAsync($"/servers/{server}", new { vanity_code = "vanity-hall" })).EnsureSuccessStatusCode();

        var html = await app.As(null).GetStringAsync("/invite/vanity-hall");

        html.ShouldContain("<h1>Vanity Hall</h1>");
        html.ShouldNotContain("Invited by");
        html.ShouldContain("does not expire");
    }

    [Fact]
    public async Task The_json_preview_stays_json_for_every_client()
    {
        await using var app = App();
        var (_, channel) = await app.CreateServerAsync("lp-owner9");
        var code = await app.CreateInviteAsync("lp-owner9", channel);
        var browser = app.As(null);
        browser.DefaultRequestHeaders.Add("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");

        var response = await browser.GetAsync($"/invites/{code}");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        (await response.ReadJsonAsync())["code"]!.GetValue<string>().ShouldBe(code);
    }

    [Fact]
    public async Task Messenger_route_links_and_avatar_urls_resolve()
    {
        await using var app = App();
        var (thread, _) = await app.CreateServerAsync("lp-owner10");
        var created = await (await app.As("lp-owner10").PostAsJsonAsync($"/api/messenger/threads/{thread}/invites", new { uses = 0 })).ReadJsonAsync();
        var route = created["route"]!.GetValue<string>();
        route.ShouldStartWith($"{Base}/messenger/join/");

        var page = await app.As(null).GetAsync(route[Base.Length..]);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("<h1>Cool Server</h1>");

        foreach (var avatar in new[] { created["owner"]!["api_avatar"]!["sm"]!, created["owner"]!["avatar"]!["lg"]! })
        {
            var image = await app.As(null).GetAsync(avatar.GetValue<string>());
            image.StatusCode.ShouldBe(HttpStatusCode.OK, avatar.GetValue<string>());
            image.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
            var etag = image.Headers.ETag!;
            var again = new HttpRequestMessage(HttpMethod.Get, avatar.GetValue<string>());
            again.Headers.IfNoneMatch.Add(etag);
            (await app.As(null).SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
        }

        (await app.As(null).GetAsync("/avatars/nobody-at-all")).StatusCode.ShouldBe(HttpStatusCode.OK); // like any id: AvatarsTests
    }

    [Fact]
    public async Task The_old_messenger_base_url_setting_still_sets_every_link()
    {
        await using var app = new InviteApp().With("Messenger:PublicBaseUrl", "https://old.example.net");
        var (thread, _) = await app.CreateServerAsync("lp-owner11");

        var created = await (await app.As("lp-owner11").PostAsJsonAsync($"/api/messenger/threads/{thread}/invites", new { uses = 0 })).ReadJsonAsync();

        created["route"]!.GetValue<string>().ShouldStartWith("https://old.example.net/messenger/join/");
    }
}
