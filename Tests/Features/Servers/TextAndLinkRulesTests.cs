using System.Net;
using System.Net.Http.Json;
using InviteService.Features.Members;
using InviteService.Features.Servers;
using InviteService.Features.SharedKernel;
using InviteService.Infrastructure.Auth;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Servers;

/// <summary>What anonymous previews show must read as what it is: no hidden or direction-changing text, links only to web pages.</summary>
public sealed class TextAndLinkRulesTests(InviteApp app) : IClassFixture<InviteApp>
{
    /// <summary>
    /// Characters of every kind the rule hides, each inside an otherwise ordinary name: the zero-width, bidi and control
    /// characters of old; the look-alike blanks (U+034F, U+2028, U+180E, U+3164, U+115F, U+2060, U+FFF9 were accepted);
    /// the whole categories (format, line and paragraph separators, private use, unassigned); the blank-drawn symbols; a
    /// joiner between letters; tags outside a flag; a variation selector after a space, or a second one.
    /// </summary>
    public static TheoryData<string> HiddenCharacters()
    {
        var data = new TheoryData<string>();
        foreach (var c in new[]
                 {
                     0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x061C, 0xFEFF,
                     0x0000, 0x001B, 0x007F, 0x0085,
                     0x034F, 0x2028, 0x2029, 0x180E, 0x3164, 0x115F, 0x1160, 0xFFA0, 0x2060, 0x2061, 0x2064, 0xFFF9, 0xFFFB, 0x00AD, 0x17B4, 0x17B5,
                     0x2800, 0x1D159, 0x16FE4, 0x1D173, 0x0600, 0xE0001, 0xE0041, 0xE007F,
                     0xE000, 0xF8FF, 0xF0000, 0x10FFFD, 0x0378, 0xFFFF, 0xFFF0, 0xE0080,
                 })
        {
            data.Add($"Official{char.ConvertFromUtf32(c)} Support");
        }

        data.Add("Official \uFE0FSupport");        // a variation selector after a space
        data.Add("Official\uFE0F\uFE0F Support"); // a second one
        data.Add("Official Support\U000E0100\U000E0101\U000E0102"); // a run of them, which can carry hidden text
        data.Add("Official\u200D\U0001F600");      // a joiner after a letter
        data.Add("\U0001F600\u200DSupport");       // a joiner before one
        data.Add("\U0001F3F4\U000E0067\U000E0062 Support"); // a flag's tags left open
        return data;
    }

    /// <summary>Names that show nothing: fillers, blank symbols, combining marks alone, with spaces or without.</summary>
    public static TheoryData<string> BlankNames() =>
    [
        "\u3164", "\u3164\u3164\u3164", " \u3164 ", "\u115F\u1160", "\uFFA0", "\u2800", "\U0001D159", "\u0301", "\u0301\u0302 \u20DD", "\u3000\u0301",
    ];

    [Theory]
    [MemberData(nameof(BlankNames))]
    public async Task Names_and_reasons_that_show_nothing_are_refused(string text)
    {
        var (server, _) = await app.ServerWithMembersAsync("tl-owner4", "tl-member4");
        var before = app.Fingerprint();
        var owner = app.As("tl-owner4");

        var create = await owner.PostAsJsonAsync("/servers", new { name = text });
        var rename = await owner.PatchAsJsonAsync($"/servers/{server}", new { name = text });
        var channel = await owner.PostAsJsonAsync($"/servers/{server}/channels", new { name = text });
        var ban = await owner.PutAsJsonAsync($"/servers/{server}/bans/tl-member4", new { reason = text });

        foreach (var (response, field) in new[] { (create, "name"), (rename, "name"), (channel, "name"), (ban, "reason") })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var body = await response.ReadJsonAsync();
            body["error"]!.GetValue<string>().ShouldBe("validation_failed");
            body["errors"]![field].ShouldNotBeNull();
        }

        app.Fingerprint().ShouldBe(before);
    }

    /// <summary>Emoji sequences keep their joiners, selectors, skin tones and flag tags; letters keep their marks.</summary>
    [Theory]
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467 Family")]      // 👨‍👩‍👧
    [InlineData("\U0001F3F3\uFE0F\u200D\U0001F308 Pride")]                   // 🏳️‍🌈
    [InlineData("\U0001F469\U0001F3FD\u200D\U0001F4BB Devs")]                // 👩🏽‍💻
    [InlineData("\u2764\uFE0F\u200D\U0001F525 Fans")]                        // ❤️‍🔥
    [InlineData("\U0001F3C3\u200D\u2642\uFE0F Runners")]                     // 🏃‍♂️
    [InlineData("\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F Scots")] // 🏴󠁧󠁢󠁳󠁣󠁴󠁿
    [InlineData("#\uFE0F\u20E3 hash")]                                        // #️⃣
    [InlineData("Cafe\u0301 Zoe\u0308")]
    [InlineData("\u845B\U000E0100\u57CE")]                                   // an ideograph with its variation selector
    [InlineData("\uD55C\uAD6D\uC5B4 \u0627\u0644\u0639\u0631\u0628\u064A\u0629 \u0939\u093F\u0928\u094D\u0926\u0940")]
    [InlineData("Zalgo\u0301\u0302\u0303")]
    public async Task Emoji_sequences_and_marked_letters_are_kept_as_they_are(string name)
    {
        var (server, _) = await app.CreateServerAsync("tl-owner5");
        var owner = app.As("tl-owner5");

        var create = await owner.PostAsJsonAsync("/servers", new { name });
        var channel = await owner.PostAsJsonAsync($"/servers/{server}/channels", new { name });

        create.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await create.ReadJsonAsync())["name"]!.GetValue<string>().ShouldBe(name);
        channel.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await channel.ReadJsonAsync())["name"]!.GetValue<string>().ShouldBe(name);
    }

    [Theory]
    [MemberData(nameof(HiddenCharacters))]
    public async Task Server_names_channel_names_and_ban_reasons_refuse_hidden_characters(string text)
    {
        var (server, _) = await app.ServerWithMembersAsync("tl-owner1", "tl-member1");
        var before = app.Fingerprint();
        var owner = app.As("tl-owner1");

        var create = await owner.PostAsJsonAsync("/servers", new { name = text });
        var rename = await owner.PatchAsJsonAsync($"/servers/{server}", new { name = text });
        var channel = await owner.PostAsJsonAsync($"/servers/{server}/channels", new { name = text });
        var ban = await owner.PutAsJsonAsync($"/servers/{server}/bans/tl-member1", new { reason = text });

        foreach (var (response, field) in new[] { (create, "name"), (rename, "name"), (channel, "name"), (ban, "reason") })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var body = await response.ReadJsonAsync();
            body["error"]!.GetValue<string>().ShouldBe("validation_failed");
            body["errors"]![field].ShouldNotBeNull();
        }

        app.Fingerprint().ShouldBe(before);
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("data:image/svg+xml;base64,PHN2Zz4=")]
    [InlineData("file:///etc/passwd")]
    [InlineData("//cdn.example/icon.png")]
    [InlineData("/icon.png")]
    [InlineData("icon.png")]
    [InlineData("ftp://cdn.example/icon.png")]
    [InlineData("https://")]
    [InlineData("https://cdn.example/a b.png")]
    [InlineData("https://cdn.example/\u202Egnp.png")]
    public async Task Icon_urls_must_be_absolute_http_or_https(string iconUrl)
    {
        var (server, _) = await app.CreateServerAsync("tl-owner2");
        var before = app.Fingerprint();

        var create = await app.As("tl-owner2").PostAsJsonAsync("/servers", new { name = "Icons", icon_url = iconUrl });
        var update = await app.As("tl-owner2").PatchAsJsonAsync($"/servers/{server}", new { icon_url = iconUrl });

        foreach (var response in new[] { create, update })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.ReadJsonAsync())["errors"]!["icon_url"].ShouldNotBeNull();
        }

        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task Icon_urls_are_at_most_2048_characters_and_http_https_and_empty_are_fine()
    {
        var (server, _) = await app.CreateServerAsync("tl-owner3");
        var owner = app.As("tl-owner3");
        var longest = "https://cdn.example/" + new string('a', 2048 - "https://cdn.example/".Length);

        (await owner.PatchAsJsonAsync($"/servers/{server}", new { icon_url = longest })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await owner.PatchAsJsonAsync($"/servers/{server}", new { icon_url = longest + "a" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await owner.PatchAsJsonAsync($"/servers/{server}", new { icon_url = "http://cdn.example/icon.png" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var cleared = await owner.PatchAsJsonAsync($"/servers/{server}", new { icon_url = "" });
        cleared.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cleared.ReadJsonAsync())["icon_url"].ShouldBeNull();
    }

    [Theory]
    [InlineData("Official\u3164Support", "name must not contain control, invisible, blank or text-direction characters.")]
    [InlineData("\u3164", "name must not contain control, invisible, blank or text-direction characters.")]
    [InlineData("\u0301\u0301", "name must have a visible character, not only spaces and combining marks.")]
    public void A_name_with_hidden_characters_or_nothing_visible_gets_one_message_that_says_which(string name, string message) =>
        new CreateServerRequest.Validator().Validate(new CreateServerRequest(name)).Errors.Select(e => e.ErrorMessage).ShouldBe([message]);

    [Fact]
    public void The_validators_say_which_field_is_wrong()
    {
        var server = new CreateServerRequest.Validator().Validate(new CreateServerRequest("Name\u200B", "javascript:alert(1)"));
        var ban = new BanRequest.Validator().Validate(new BanRequest("because\u2067"));

        server.Errors.Select(e => e.PropertyName).Order().ShouldBe(["icon_url", "name"]);
        ban.Errors.Select(e => e.PropertyName).ShouldBe(["reason"]);
    }
}
