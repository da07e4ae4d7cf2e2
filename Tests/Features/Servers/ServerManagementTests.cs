using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Servers;

public sealed class ServerManagementTests(InviteApp app) : IClassFixture<InviteApp>
{
    [Fact]
    public async Task Create_server_returns_201_with_owner_general_channel_and_defaults()
    {
        var response = await app.As("sm-owner1").PostAsJsonAsync("/servers", new { name = "Cool Server", icon_url = "https://cdn.example/icon.png" });

        await Snapshot.VerifyAsync(response);
    }

    [Fact]
    public async Task Get_server_is_for_members_only()
    {
        var (server, _) = await app.ServerWithMembersAsync("sm-owner2", "sm-member2");

        (await app.As("sm-member2").GetAsync($"/servers/{server}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.As("sm-stranger2").GetAsync($"/servers/{server}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.As("sm-owner2").GetAsync($"/servers/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_server_changes_only_given_fields_and_needs_MANAGE_SERVER()
    {
        var (server, _) = await app.ServerWithMembersAsync("sm-owner3", "sm-member3");

        (await app.As("sm-member3").PatchAsJsonAsync($"/servers/{server}", new { name = "Hijacked" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var response = await app.As("sm-owner3").PatchAsJsonAsync($"/servers/{server}",
            new { name = "Renamed", max_invites = 0, default_permissions = new[] { "SEND_MESSAGES" } });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.ReadJsonAsync();
        body["name"]!.GetValue<string>().ShouldBe("Renamed");
        body["icon_url"]!.GetValue<string>().ShouldBe("https://cdn.example/icon.png");
        body["max_invites"].ShouldBeNull();
        body["default_permissions"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["SEND_MESSAGES"]);
    }

    [Theory]
    [InlineData("{\"name\": \"\"}", "name")]
    [InlineData("{\"max_invites\": -1}", "max_invites")]
    [InlineData("{\"default_permissions\": [\"FLY\"]}", "default_permissions")]
    [InlineData("{\"invites_enabled\": \"nope\"}", "invites_enabled")]
    public async Task Patch_server_refuses_bad_values_and_writes_nothing(string json, string field)
    {
        var (server, _) = await app.CreateServerAsync("sm-owner4");
        var before = app.Fingerprint();

        var response = await app.As("sm-owner4").PatchAsync($"/servers/{server}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]![field].ShouldNotBeNull();
        app.Fingerprint().ShouldBe(before);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"name\": null}")]
    [InlineData("{\"name\": \"   \"}")]
    public async Task Create_server_needs_a_name(string json)
    {
        var before = app.Fingerprint();

        var response = await app.As("sm-owner5").PostJsonTextAsync("/servers", json);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task Channels_are_added_by_MANAGE_SERVER_and_invites_can_target_them()
    {
        var (server, _) = await app.ServerWithMembersAsync("sm-owner6", "sm-member6");

        (await app.As("sm-member6").PostAsJsonAsync($"/servers/{server}/channels", new { name = "lounge" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.As("sm-owner6").PostAsJsonAsync($"/servers/{server}/channels", new { name = "lounge", type = "video" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var created = await app.As("sm-owner6").PostAsJsonAsync($"/servers/{server}/channels", new { name = "lounge", type = "voice" });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var channel = (await created.ReadJsonAsync())["id"]!.GetValue<string>();
        var code = await app.CreateInviteAsync("sm-owner6", channel);
        var preview = await (await app.As(null).GetAsync($"/invites/{code}")).ReadJsonAsync();
        preview["channel"]!["type"]!.GetValue<string>().ShouldBe("voice");
        preview["channel"]!["name"]!.GetValue<string>().ShouldBe("lounge");
    }

    [Fact]
    public async Task Members_list_shows_attribution()
    {
        var (server, channel) = await app.CreateServerAsync("sm-owner7");
        var code = await app.CreateInviteAsync("sm-owner7", channel, new { temporary = true });
        await app.JoinAsync("sm-member7", code);

        await Snapshot.VerifyAsync(await app.As("sm-member7").GetAsync($"/servers/{server}/members"));
    }

    [Fact]
    public async Task A_member_can_leave_and_the_owner_cannot()
    {
        var (server, _) = await app.ServerWithMembersAsync("sm-owner8", "sm-member8");

        (await app.As("sm-member8").DeleteAsync($"/servers/{server}/members/sm-member8")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var owner = await app.As("sm-owner8").DeleteAsync($"/servers/{server}/members/sm-owner8");

        owner.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await owner.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("owner_cannot_leave");
        app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server", new { server }).ShouldBe(1);
    }

    [Fact]
    public async Task Kicking_needs_MANAGE_SERVER()
    {
        var (server, _) = await app.ServerWithMembersAsync("sm-owner9", "sm-a9", "sm-b9");

        (await app.As("sm-a9").DeleteAsync($"/servers/{server}/members/sm-b9")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.As("sm-owner9").DeleteAsync($"/servers/{server}/members/sm-b9")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.As("sm-owner9").DeleteAsync($"/servers/{server}/members/sm-b9")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_ban_removes_the_membership_and_needs_BAN_MEMBERS()
    {
        var (server, _) = await app.ServerWithMembersAsync("sm-owner10", "sm-mod10", "sm-troll10");

        (await app.As("sm-mod10").PutAsJsonAsync($"/servers/{server}/bans/sm-troll10", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await app.GrantAsync("sm-owner10", server, "sm-mod10", "BAN_MEMBERS");
        (await app.As("sm-mod10").PutAsJsonAsync($"/servers/{server}/bans/sm-troll10", new { reason = "spam" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.As("sm-mod10").PutAsJsonAsync($"/servers/{server}/bans/sm-owner10", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND user_id = 'sm-troll10'", new { server }).ShouldBe(0);
        app.Scalar("SELECT COUNT(*) FROM bans WHERE server_id = @server AND user_id = 'sm-troll10' AND reason = 'spam'", new { server }).ShouldBe(1);
        (await app.As("sm-mod10").DeleteAsync($"/servers/{server}/bans/nobody")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Giving_a_role_makes_a_temporary_member_permanent()
    {
        var (server, channel) = await app.CreateServerAsync("sm-owner11");
        var code = await app.CreateInviteAsync("sm-owner11", channel, new { temporary = true });
        await app.JoinAsync("sm-guest11", code);

        var response = await app.As("sm-owner11").PatchAsJsonAsync($"/servers/{server}/members/sm-guest11", new { roles = new[] { "regular" } });

        var body = await response.ReadJsonAsync();
        body["temporary"]!.GetValue<bool>().ShouldBeFalse();
        body["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["regular"]);
        (await app.As("sm-owner11").PatchAsJsonAsync($"/servers/{server}/members/nobody", new { roles = new[] { "x" } })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Member_count_follows_joins_leaves_kicks_and_bans()
    {
        var (server, channel) = await app.ServerWithMembersAsync("sm-owner12", "sm-a12", "sm-b12", "sm-c12", "sm-d12");
        var code = await app.CreateInviteAsync("sm-owner12", channel);
        async Task<int> Count() => (await (await app.As(null).GetAsync($"/invites/{code}")).ReadJsonAsync())["guild"]!["member_count"]!.GetValue<int>();

        (await Count()).ShouldBe(5);
        await app.As("sm-a12").DeleteAsync($"/servers/{server}/members/sm-a12");
        await app.As("sm-owner12").DeleteAsync($"/servers/{server}/members/sm-b12");
        await app.As("sm-owner12").PutAsJsonAsync($"/servers/{server}/bans/sm-c12", new { });
        await app.As("sm-owner12").PutAsJsonAsync($"/servers/{server}/bans/never-joined12", new { });

        (await Count()).ShouldBe(2);
        app.Scalar("SELECT member_count FROM servers WHERE id = @server", new { server })
            .ShouldBe(app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server", new { server }));
    }
}
