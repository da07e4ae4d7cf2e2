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
    /// <summary>Every character the rule names, each hidden inside an otherwise ordinary name.</summary>
    public static TheoryData<string> HiddenCharacters()
    {
        var data = new TheoryData<string>();
        foreach (var c in new[] { 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x061C, 0xFEFF, 0x0000, 0x001B, 0x007F })
        {
            data.Add($"Official{(char)c} Support");
        }

        return data;
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

    [Fact]
    public void The_validators_say_which_field_is_wrong()
    {
        var server = new CreateServerRequest.Validator().Validate(new CreateServerRequest("Name\u200B", "javascript:alert(1)"));
        var ban = new BanRequest.Validator().Validate(new BanRequest("because\u2067"));

        server.Errors.Select(e => e.PropertyName).Order().ShouldBe(["icon_url", "name"]);
        ban.Errors.Select(e => e.PropertyName).ShouldBe(["reason"]);
    }
}
