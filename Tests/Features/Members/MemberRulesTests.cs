using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Members;

/// <summary>Who may do what to whom: temporary members, the ban and kick hierarchy, and what a ban takes away.</summary>
public sealed class MemberRulesTests(InviteApp app) : IClassFixture<InviteApp>
{
    private static async Task<string> ErrorOf(HttpResponseMessage r) => (await r.ReadJsonAsync())["error"]!.GetValue<string>();

    [Fact]
    public async Task A_temporary_member_cannot_create_invites_until_made_permanent()
    {
        var (server, channel) = await app.CreateServerAsync("mr-owner1");
        var temporary = await app.CreateInviteAsync("mr-owner1", channel, new { temporary = true });
        await app.JoinAsync("mr-dave1", temporary);
        await app.GrantAsync("mr-owner1", server, "mr-dave1", "CREATE_INVITE", "MANAGE_INVITES");
        var before = app.Fingerprint();

        var hearth = await app.As("mr-dave1").PostAsJsonAsync($"/channels/{channel}/invites", new { temporary = false });
        var messenger = await app.As("mr-dave1").PostAsJsonAsync($"/api/messenger/threads/{server}/invites", new { uses = 0 });

        hearth.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorOf(hearth)).ShouldBe("no_permission");
        messenger.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await messenger.ReadJsonAsync())["message"]!.GetValue<string>().ShouldBe("Not authorized to create thread invites.");
        app.Fingerprint().ShouldBe(before);

        (await app.As("mr-owner1").PatchAsJsonAsync($"/servers/{server}/members/mr-dave1", new { roles = new[] { "regular" } })).EnsureSuccessStatusCode();
        (await app.As("mr-dave1").PostAsJsonAsync($"/channels/{channel}/invites", new { })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_temporary_member_cannot_rejoin_as_permanent_through_an_invite_of_their_own()
    {
        var (server, channel) = await app.CreateServerAsync("mr-owner2");
        await app.JoinAsync("mr-dave2", await app.CreateInviteAsync("mr-owner2", channel, new { temporary = true }));

        (await app.As("mr-dave2").PostAsJsonAsync($"/channels/{channel}/invites", new { temporary = false })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.As("mr-dave2").DeleteAsync($"/servers/{server}/members/mr-dave2")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        app.Scalar("SELECT COUNT(*) FROM invites WHERE inviter_id = 'mr-dave2'").ShouldBe(0);
    }

    [Fact]
    public async Task Only_the_owner_or_a_MANAGE_SERVER_member_bans_a_MANAGE_SERVER_member()
    {
        var (server, _) = await app.ServerWithMembersAsync("mr-owner3", "mr-mod3", "mr-admin3", "mr-admin3b");
        await app.GrantAsync("mr-owner3", server, "mr-mod3", "BAN_MEMBERS");
        await app.GrantAsync("mr-owner3", server, "mr-admin3", "MANAGE_SERVER");
        await app.GrantAsync("mr-owner3", server, "mr-admin3b", "MANAGE_SERVER");
        var before = app.Fingerprint();

        var refused = await app.As("mr-mod3").PutAsJsonAsync($"/servers/{server}/bans/mr-admin3", new { reason = "coup" });

        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorOf(refused)).ShouldBe("no_permission");
        app.Fingerprint().ShouldBe(before);
        (await app.As("mr-admin3b").PutAsJsonAsync($"/servers/{server}/bans/mr-admin3", new { })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.As("mr-owner3").PutAsJsonAsync($"/servers/{server}/bans/mr-admin3b", new { })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Nobody_bans_kicks_or_changes_the_permissions_of_the_owner()
    {
        var (server, _) = await app.ServerWithMembersAsync("mr-owner4", "mr-admin4");
        await app.GrantAsync("mr-owner4", server, "mr-admin4", "MANAGE_SERVER", "BAN_MEMBERS");
        var before = app.Fingerprint();

        var ban = await app.As("mr-admin4").PutAsJsonAsync($"/servers/{server}/bans/mr-owner4", new { });
        var kick = await app.As("mr-admin4").DeleteAsync($"/servers/{server}/members/mr-owner4");
        var demote = await app.As("mr-admin4").PatchAsJsonAsync($"/servers/{server}/members/mr-owner4", new { permissions = new[] { "SEND_MESSAGES" } });
        var strip = await app.As("mr-owner4").PatchAsJsonAsync($"/servers/{server}/members/mr-owner4", new { permissions = Array.Empty<string>() });
        var platform = await app.As("mr-platform4", admin: true).PutAsJsonAsync($"/servers/{server}/bans/mr-owner4", new { });

        ban.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        kick.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorOf(kick)).ShouldBe("owner_cannot_leave");
        demote.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        strip.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        platform.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        app.Fingerprint().ShouldBe(before);

        var roles = await app.As("mr-admin4").PatchAsJsonAsync($"/servers/{server}/members/mr-owner4", new { roles = new[] { "founder" } });
        roles.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await roles.ReadJsonAsync())["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["MANAGE_SERVER"]);
    }

    [Fact]
    public async Task A_MANAGE_SERVER_member_may_kick_another_and_a_plain_member_may_not()
    {
        var (server, _) = await app.ServerWithMembersAsync("mr-owner5", "mr-admin5", "mr-admin5b", "mr-plain5");
        await app.GrantAsync("mr-owner5", server, "mr-admin5", "MANAGE_SERVER");
        await app.GrantAsync("mr-owner5", server, "mr-admin5b", "MANAGE_SERVER");

        (await app.As("mr-plain5").DeleteAsync($"/servers/{server}/members/mr-admin5")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.As("mr-admin5b").DeleteAsync($"/servers/{server}/members/mr-admin5")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_ban_revokes_the_banned_users_invites_in_the_same_write()
    {
        var (server, channel) = await app.ServerWithMembersAsync("mr-owner6", "mr-carol6");
        var (_, otherChannel) = await app.ServerWithMembersAsync("mr-owner6b", "mr-carol6");
        var carols = await app.CreateInviteAsync("mr-carol6", channel, new { max_age = 0 });
        var carolsElsewhere = await app.CreateInviteAsync("mr-carol6", otherChannel, new { max_age = 0 });
        var owners = await app.CreateInviteAsync("mr-owner6", channel, new { max_age = 0 });

        (await app.As("mr-owner6").PutAsJsonAsync($"/servers/{server}/bans/mr-carol6", new { reason = "raid" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await app.As(null).GetAsync($"/invites/{carols}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.As(null).GetAsync($"/api/messenger/join/{carols}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.As("mr-newcomer6").PostAsync($"/invites/{carols}", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        app.Scalar("SELECT COUNT(*) FROM invites WHERE code = @carols AND deleted_at IS NOT NULL", new { carols }).ShouldBe(1);
        (await app.As(null).GetAsync($"/invites/{owners}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.As(null).GetAsync($"/invites/{carolsElsewhere}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Only_members_manage_invites_even_their_own()
    {
        var (server, channel) = await app.ServerWithMembersAsync("mr-owner7", "mr-carol7", "mr-erin7");
        var banned = await app.CreateInviteAsync("mr-carol7", channel, new { max_age = 0 });
        var left = await app.CreateInviteAsync("mr-erin7", channel, new { max_age = 0 });
        (await app.As("mr-owner7").PutAsJsonAsync($"/servers/{server}/bans/mr-carol7", new { })).EnsureSuccessStatusCode();
        (await app.As("mr-erin7").DeleteAsync($"/servers/{server}/members/mr-erin7")).EnsureSuccessStatusCode();

        var carol = await app.As("mr-carol7").DeleteAsync($"/invites/{banned}");
        var erin = await app.As("mr-erin7").DeleteAsync($"/invites/{left}");

        carol.StatusCode.ShouldBe(HttpStatusCode.NotFound); // already revoked by the ban
        erin.StatusCode.ShouldBe(HttpStatusCode.NotFound); // no longer a member: outside the server, the code is unknown to her (#22)
        app.Scalar("SELECT COUNT(*) FROM invites WHERE code = @left AND deleted_at IS NULL", new { left }).ShouldBe(1);
    }
}
