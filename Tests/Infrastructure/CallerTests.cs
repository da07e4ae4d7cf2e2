using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InviteService.Infrastructure.Auth;
using InviteService.Tests.Support;

namespace InviteService.Tests.Infrastructure;

/// <summary>Names and pictures from tokens are the host app's claims: stored bounded and readable, whatever the token says.</summary>
public sealed class CallerTests(InviteApp app) : IClassFixture<InviteApp>
{
    private async Task<JsonObject> JoinedMemberAsync(string owner, string user, string? name, string? picture = null)
    {
        var (server, channel) = await app.CreateServerAsync(owner);
        var code = await app.CreateInviteAsync(owner, channel);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Token(user, name: name, picture: picture));
        (await client.PostAsync($"/invites/{code}", null)).EnsureSuccessStatusCode();

        var members = (await (await app.As(owner).GetAsync($"/servers/{server}/members")).ReadJsonAsync()).AsArray();
        return members.Single(m => m!["user_id"]!.GetValue<string>() == user)!.AsObject();
    }

    [Fact]
    public async Task A_4000_character_name_is_stored_cut_to_100_characters_without_its_hidden_ones()
    {
        var name = "\u202EJ\u200Bo" + string.Concat(Enumerable.Repeat("e\u0301", 2000)); // é as e + combining accent: one character, two chars

        var member = await JoinedMemberAsync("ca-owner1", "ca-long", name);

        var stored = member["name"]!.GetValue<string>();
        stored.ShouldBe("Jo" + string.Concat(Enumerable.Repeat("e\u0301", 98)));
        app.Scalar("SELECT COUNT(*) FROM users WHERE id = 'ca-long' AND name = @Name", new { Name = stored }).ShouldBe(1);
    }

    [Fact]
    public async Task A_name_of_only_invisible_characters_falls_back_to_the_user_id()
    {
        var member = await JoinedMemberAsync("ca-owner2", "ca-invisible", "\u200B\u200E\u202E \u2066\uFEFF\t");

        member["name"]!.GetValue<string>().ShouldBe("ca-invisible");
    }

    /// <summary>A token's name is shown on both faces: cleaned the same on each, and a blank one is the user id.</summary>
    [Theory]
    [InlineData("\u3164", "ca-blank")]
    [InlineData("\u3164Zo\u00EB\u2060 \u2028Admin\u180E", "Zo\u00EB Admin")]
    public async Task A_name_that_hides_characters_or_shows_nothing_is_shown_cleaned_on_both_faces(string claim, string shown)
    {
        var user = shown == "ca-blank" ? "ca-blank" : "ca-hidden";
        var (server, channel) = await app.CreateServerAsync("ca-owner6-" + user);
        var code = await app.CreateInviteAsync("ca-owner6-" + user, channel);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Token(user, name: claim));

        var joined = await client.PostAsync($"/api/messenger/join/{code}", null);

        joined.EnsureSuccessStatusCode();
        (await joined.ReadJsonAsync())["owner"]!["name"]!.GetValue<string>().ShouldBe(shown);
        var members = (await (await app.As("ca-owner6-" + user).GetAsync($"/servers/{server}/members")).ReadJsonAsync()).AsArray();
        members.Single(m => m!["user_id"]!.GetValue<string>() == user)!["name"]!.GetValue<string>().ShouldBe(shown);
    }

    [Fact]
    public async Task A_name_with_a_NUL_is_stored_without_it_on_either_store()
    {
        var member = await JoinedMemberAsync("ca-owner5", "ca-nul", "Nu\u0000ll");

        member["name"]!.GetValue<string>().ShouldBe("Null");
        app.Scalar("SELECT COUNT(*) FROM users WHERE id = 'ca-nul' AND name = 'Null'").ShouldBe(1);
    }

    [Theory]
    [InlineData("https://cdn.example/a.png", "https://cdn.example/a.png")]
    [InlineData("img_5fcee7c1e64404.55920965.jpg", "img_5fcee7c1e64404.55920965.jpg")]
    [InlineData("../../etc/passwd", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("a b.png", null)]
    public async Task A_picture_is_kept_only_as_a_web_link_or_a_plain_file_name(string picture, string? stored)
    {
        var user = "ca-pic-" + Math.Abs(picture.GetHashCode() % 100000);

        var member = await JoinedMemberAsync("ca-owner3-" + user, user, "Pic", picture);

        member["avatar"]?.GetValue<string>().ShouldBe(stored);
    }

    [Fact]
    public async Task A_picture_longer_than_2048_characters_is_ignored()
    {
        var member = await JoinedMemberAsync("ca-owner4", "ca-pic-long", "Pic", "https://cdn.example/" + new string('a', 2100) + ".png");

        member["avatar"].ShouldBeNull();
        app.Scalar("SELECT COUNT(*) FROM users WHERE id = 'ca-pic-long' AND avatar IS NULL").ShouldBe(1);
    }

    [Theory]
    [InlineData("Alice", "Alice")]
    [InlineData("  Alice  ", "Alice")]
    [InlineData("", null)]
    [InlineData("\u200D", null)]
    [InlineData("A\u0000l\u0085i\u061Cce", "Alice")]
    [InlineData("\u3164", null)]
    [InlineData("\u3164\u115F \u2800", null)]
    [InlineData("\u0301\u0301", null)]
    [InlineData("\u3164Zo\u00EB\u2060\u180E\u034F\uFFF9", "Zo\u00EB")]
    [InlineData("Fam \U0001F468\u200D\U0001F469\u200D\U0001F467", "Fam \U0001F468\u200D\U0001F469\u200D\U0001F467")]
    [InlineData("Ann\u200D\U0001F600", "Ann\U0001F600")]
    public void Display_names_are_cleaned(string claim, string? expected) => Caller.DisplayName(claim).ShouldBe(expected);

    [Fact]
    public void Unpaired_surrogates_are_removed_from_display_names() =>
        Caller.DisplayName(string.Concat("A", "\uD800", "B", "\uDC00", "\uD83D\uDE00")).ShouldBe("AB\uD83D\uDE00"); // (built here: theory data would replace them)

    [Fact]
    public void A_name_is_cut_at_100_grapheme_clusters_and_at_most_1000_chars()
    {
        Caller.DisplayName(string.Concat(Enumerable.Repeat("🇫🇷", 150)))!.ShouldBe(string.Concat(Enumerable.Repeat("🇫🇷", 100)));
        // One letter with 5,000 combining marks is one cluster: longer than the char bound, so nothing whole is left.
        Caller.DisplayName("Z" + new string('\u0301', 5000) + "ed").ShouldBeNull();
        Caller.DisplayName("Ed " + "Z" + new string('\u0301', 5000)).ShouldBe("Ed");
    }

    /// <summary>
    /// Every picture the two faces and the invite page (with remote images on) show of a server's invites' creators and
    /// its members, read without writing anything (a write would store the reader's own claims again).
    /// </summary>
    private static async Task<string[]> PicturesShownAsync(InviteApp app, string owner, string server, string code)
    {
        var listed = await (await app.As(owner).GetAsync($"/api/messenger/threads/{server}/invites")).ReadJsonAsync();
        var members = (await (await app.As(owner).GetAsync($"/servers/{server}/members")).ReadJsonAsync()).AsArray();
        var page = await app.As(null).GetStringAsync($"/invite/{code}");
        var shown = new List<string?>();
        foreach (var invite in listed["data"]!.AsArray())
        {
            var creator = invite!["owner"]!;
            shown.Add(creator["base"]!["avatar"]?.GetValue<string>());
            foreach (var set in new[] { "api_avatar", "avatar" })
            {
                foreach (var size in new[] { "sm", "md", "lg" }) shown.Add(creator[set]![size]!.GetValue<string>());
            }
        }

        shown.AddRange(members.Select(m => m!["avatar"]?.GetValue<string>()));
        shown.AddRange(Regex.Matches(page, "<img [^>]*src=\"([^\"]*)\"").Select(m => m.Groups[1].Value));
        return shown.OfType<string>().ToArray();
    }

    /// <summary>Only http(s) links, or the sized image paths of this service: never another scheme.</summary>
    private static void ShouldBeWebLinksOrOurOwnImagePaths(string[] shown)
    {
        shown.ShouldNotBeEmpty();
        foreach (var url in shown)
        {
            (url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("/api/messenger/images/user/", StringComparison.Ordinal) ||
             url.StartsWith("/images/user/", StringComparison.Ordinal)).ShouldBeTrue(url);
        }
    }

    [Fact]
    public async Task A_javascript_picture_in_a_token_reaches_neither_face_nor_the_invite_page()
    {
        await using var app = new InviteApp().With("LandingPage:RemoteImages", "true");
        var (server, channel) = await app.CreateServerAsync("ca-js-owner");
        var hostile = app.As("ca-js-owner", picture: "javascript:alert(1)");
        var code = (await (await hostile.PostAsJsonAsync($"/channels/{channel}/invites", new { })).ReadJsonAsync())["code"]!.GetValue<string>();
        var created = await (await hostile.PostAsJsonAsync($"/api/messenger/threads/{server}/invites", new { uses = 0 })).ReadJsonAsync();
        (await app.As("ca-js-member", picture: "javascript:alert(2)").PostAsync($"/invites/{code}", null)).EnsureSuccessStatusCode();
        var joined = await (await app.As("ca-js-joiner", picture: "javascript:alert(3)").PostAsync($"/api/messenger/join/{code}", null)).ReadJsonAsync();

        var shown = await PicturesShownAsync(app, "ca-js-owner", server, code);

        ShouldBeWebLinksOrOurOwnImagePaths(shown);
        shown.ShouldNotContain(url => url.Contains("javascript", StringComparison.OrdinalIgnoreCase));
        created["owner"]!["api_avatar"]!["sm"]!.GetValue<string>().ShouldStartWith("/api/messenger/images/user/ca-js-owner/sm/");
        created["owner"]!["avatar"]!["lg"]!.GetValue<string>().ShouldStartWith("/images/user/ca-js-owner/lg/");
        joined["owner"]!["avatar"].ShouldBeNull();
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)//.png")]
    [InlineData("data:image/svg+xml,<svg onload=alert(1)>")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("ftp://example.com/a.png")]
    public async Task A_picture_stored_before_pictures_were_checked_reaches_neither_face_nor_the_invite_page(string stored)
    {
        await using var app = new InviteApp().With("LandingPage:RemoteImages", "true");
        var (server, channel) = await app.CreateServerAsync("ca-old-owner");
        var code = await app.CreateInviteAsync("ca-old-owner", channel);
        (await app.As("ca-old-owner").PostAsJsonAsync($"/api/messenger/threads/{server}/invites", new { uses = 0 })).EnsureSuccessStatusCode();
        await app.JoinAsync("ca-old-member", code);
        using (var connection = app.OpenDatabase())
        {
            // As an older version stored the claims: whatever the token said.
            Dapper.SqlMapper.Execute(connection, "UPDATE users SET avatar = @Stored", new { Stored = stored }).ShouldBe(2);
        }

        var shown = await PicturesShownAsync(app, "ca-old-owner", server, code);

        ShouldBeWebLinksOrOurOwnImagePaths(shown);
        shown.ShouldNotContain(url => url.Contains(stored, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(".hidden")]
    [InlineData("..")]
    [InlineData("a/b.png")]
    [InlineData("a\\b.png")]
    [InlineData("ftp://example.com/a.png")]
    [InlineData("file:///etc/passwd")]
    [InlineData("")]
    public void Pictures_that_are_no_web_link_and_no_plain_file_name_are_ignored(string claim) => Caller.PictureOrNull(claim).ShouldBeNull();
}
