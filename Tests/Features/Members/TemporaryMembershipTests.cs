using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Members;

public sealed class TemporaryMembershipTests(InviteApp app) : IClassFixture<InviteApp>
{
    private async Task<string> TemporaryMember(string owner, string user)
    {
        var (server, channel) = await app.CreateServerAsync(owner);
        var code = await app.CreateInviteAsync(owner, channel, new { temporary = true });
        await app.JoinAsync(user, code);
        return server;
    }

    [Fact]
    public async Task A_temporary_member_without_a_role_is_removed_on_voice_disconnect()
    {
        var server = await TemporaryMember("t-owner1", "t-guest1");

        var response = await app.As("t-owner1").PostAsync($"/servers/{server}/members/t-guest1/voice-disconnect", null);

        await Snapshot.VerifyAsync(response);
        app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND user_id = 't-guest1'", new { server }).ShouldBe(0);
    }

    [Fact]
    public async Task A_temporary_member_given_a_role_stays()
    {
        var server = await TemporaryMember("t-owner2", "t-guest2");
        (await app.As("t-owner2").PatchAsJsonAsync($"/servers/{server}/members/t-guest2", new { roles = new[] { "friend" } })).EnsureSuccessStatusCode();

        var response = await (await app.As("t-owner2").PostAsync($"/servers/{server}/members/t-guest2/voice-disconnect", null)).ReadJsonAsync();

        response["removed"]!.GetValue<bool>().ShouldBeFalse();
        response["reason"]!.GetValue<string>().ShouldBe("not_temporary");
        app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND user_id = 't-guest2'", new { server }).ShouldBe(1);
    }

    [Fact]
    public async Task A_permanent_member_stays()
    {
        var (server, _) = await app.ServerWithMembersAsync("t-owner3", "t-regular3");

        var response = await (await app.As("t-owner3").PostAsync($"/servers/{server}/members/t-regular3/voice-disconnect", null)).ReadJsonAsync();

        response["removed"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task Voice_disconnect_is_for_the_platform_admin_or_MANAGE_SERVER()
    {
        var server = await TemporaryMember("t-owner4", "t-guest4");
        await app.JoinAsync("t-other4", (await app.CreateInviteAsync("t-owner4", (await (await app.As("t-owner4").GetAsync($"/servers/{server}")).ReadJsonAsync())["channels"]![0]!["id"]!.GetValue<string>())));

        (await app.As("t-other4").PostAsync($"/servers/{server}/members/t-guest4/voice-disconnect", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.As(null).PostAsync($"/servers/{server}/members/t-guest4/voice-disconnect", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.As("host", admin: true).PostAsync($"/servers/{server}/members/nobody/voice-disconnect", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var byAdmin = await (await app.As("host", admin: true).PostAsync($"/servers/{server}/members/t-guest4/voice-disconnect", null)).ReadJsonAsync();
        byAdmin["removed"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task The_members_list_shows_who_is_temporary()
    {
        var server = await TemporaryMember("t-owner5", "t-guest5");

        var members = await (await app.As("t-owner5").GetAsync($"/servers/{server}/members")).ReadJsonAsync();

        members.AsArray().Single(m => m!["user_id"]!.GetValue<string>() == "t-guest5")!["temporary"]!.GetValue<bool>().ShouldBeTrue();
        members.AsArray().Single(m => m!["user_id"]!.GetValue<string>() == "t-owner5")!["temporary"]!.GetValue<bool>().ShouldBeFalse();
    }
}
