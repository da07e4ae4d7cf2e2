using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Invites;

public sealed class JoinInviteTests(InviteApp app) : IClassFixture<InviteApp>
{
    private async Task<string> ErrorOf(HttpResponseMessage response) => (await response.ReadJsonAsync())["error"]!.GetValue<string>();

    private long Uses(string code) => app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code });

    private long MembersThrough(string code) => app.Scalar("SELECT COUNT(*) FROM members WHERE invite_code = @code", new { code });

    [Fact]
    public async Task Join_adds_the_member_with_attribution_and_counts_one_use()
    {
        var (server, channel) = await app.CreateServerAsync("j-owner1");
        var code = await app.CreateInviteAsync("j-owner1", channel, new { max_uses = 3 });

        var response = await app.As("j-user1").PostAsync($"/invites/{code}", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Uses(code).ShouldBe(1);
        var members = await (await app.As("j-owner1").GetAsync($"/servers/{server}/members")).ReadJsonAsync();
        var joined = members.AsArray().Single(m => m!["user_id"]!.GetValue<string>() == "j-user1")!;
        joined["invite_code"]!.GetValue<string>().ShouldBe(code);
        joined["inviter_id"]!.GetValue<string>().ShouldBe("j-owner1");
        joined["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["CREATE_INVITE", "SEND_MESSAGES"]);
        joined["joined_at"]!.GetValue<string>().ShouldBe(app.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
    }

    [Fact]
    public async Task Join_returns_404_not_found_for_an_unknown_or_deleted_invite()
    {
        var (_, channel) = await app.CreateServerAsync("j-owner2");
        var code = await app.CreateInviteAsync("j-owner2", channel);
        (await app.As("j-owner2").DeleteAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var deleted = await app.As("j-user2").PostAsync($"/invites/{code}", null);
        var unknown = await app.As("j-user2").PostAsync("/invites/zzzzzzzzzz", null);

        deleted.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ErrorOf(deleted)).ShouldBe("not_found");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Join_returns_400_invite_expired_when_the_clock_passes_expiry()
    {
        var (_, channel) = await app.CreateServerAsync("j-owner3");
        var code = await app.CreateInviteAsync("j-owner3", channel, new { max_age = 3600 });
        using (app.Time.Shift(TimeSpan.FromSeconds(3600)))
        {
            var response = await app.As("j-user3").PostAsync($"/invites/{code}", null);

            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await ErrorOf(response)).ShouldBe("invite_expired");
            Uses(code).ShouldBe(0);
        }
    }

    [Fact]
    public async Task Join_returns_400_max_uses_when_invite_is_used_up()
    {
        var (_, channel) = await app.CreateServerAsync("j-owner4");
        var code = await app.CreateInviteAsync("j-owner4", channel, new { max_uses = 2 });
        await app.JoinAsync("j-user4a", code);
        await app.JoinAsync("j-user4b", code);

        var response = await app.As("j-user4c").PostAsync($"/invites/{code}", null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorOf(response)).ShouldBe("max_uses");
        Uses(code).ShouldBe(2);
        MembersThrough(code).ShouldBe(2);
    }

    [Fact]
    public async Task Banned_users_and_existing_members_do_not_consume_a_use()
    {
        var (server, channel) = await app.CreateServerAsync("j-owner5");
        var code = await app.CreateInviteAsync("j-owner5", channel, new { max_uses = 5 });
        await app.JoinAsync("j-member5", code);
        (await app.As("j-owner5").PutAsJsonAsync($"/servers/{server}/bans/j-banned5", new { reason = "raid" })).EnsureSuccessStatusCode();

        var banned = await app.As("j-banned5").PostAsync($"/invites/{code}", null);
        var member = await app.As("j-member5").PostAsync($"/invites/{code}", null);
        var owner = await app.As("j-owner5").PostAsync($"/invites/{code}", null);

        banned.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorOf(banned)).ShouldBe("banned");
        (await ErrorOf(member)).ShouldBe("already_member");
        (await ErrorOf(owner)).ShouldBe("already_member");
        Uses(code).ShouldBe(1);
    }

    [Fact]
    public async Task Checks_run_in_order_banned_before_member_before_expired_before_used_up()
    {
        var (server, channel) = await app.CreateServerAsync("j-owner6");
        var code = await app.CreateInviteAsync("j-owner6", channel, new { max_uses = 1, max_age = 60 });
        await app.JoinAsync("j-member6", code);
        using (app.Time.Shift(TimeSpan.FromSeconds(120)))
        {
            // used up and expired: expired wins
            (await ErrorOf(await app.As("j-user6").PostAsync($"/invites/{code}", null))).ShouldBe("invite_expired");
            // a member on an expired, used-up invite: already_member wins
            (await ErrorOf(await app.As("j-member6").PostAsync($"/invites/{code}", null))).ShouldBe("already_member");
            // banned wins over everything but not_found (the ban also removes the membership)
            (await app.As("j-owner6").PutAsJsonAsync($"/servers/{server}/bans/j-member6", new { })).EnsureSuccessStatusCode();
            (await ErrorOf(await app.As("j-member6").PostAsync($"/invites/{code}", null))).ShouldBe("banned");
        }
    }

    [Fact]
    public async Task A_lifted_ban_lets_the_user_join_again()
    {
        var (server, channel) = await app.CreateServerAsync("j-owner7");
        var code = await app.CreateInviteAsync("j-owner7", channel);
        (await app.As("j-owner7").PutAsJsonAsync($"/servers/{server}/bans/j-user7", new { })).EnsureSuccessStatusCode();
        (await app.As("j-owner7").DeleteAsync($"/servers/{server}/bans/j-user7")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await app.As("j-user7").PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Temporary_invite_makes_a_temporary_member()
    {
        var (server, channel) = await app.CreateServerAsync("j-owner8");
        var code = await app.CreateInviteAsync("j-owner8", channel, new { temporary = true });
        await app.JoinAsync("j-user8", code);

        var members = await (await app.As("j-owner8").GetAsync($"/servers/{server}/members")).ReadJsonAsync();
        members.AsArray().Single(m => m!["user_id"]!.GetValue<string>() == "j-user8")!["temporary"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Preview_returns_404_for_expired_used_up_and_deleted_invites()
    {
        var (_, channel) = await app.CreateServerAsync("j-owner9");
        var usedUp = await app.CreateInviteAsync("j-owner9", channel, new { max_uses = 1 });
        await app.JoinAsync("j-user9", usedUp);
        var deleted = await app.CreateInviteAsync("j-owner9", channel);
        await app.As("j-owner9").DeleteAsync($"/invites/{deleted}");
        var expiring = await app.CreateInviteAsync("j-owner9", channel, new { max_age = 30 });
        var anonymous = app.As(null);

        (await anonymous.GetAsync($"/invites/{expiring}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync($"/invites/{usedUp}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync($"/invites/{deleted}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using (app.Time.Shift(TimeSpan.FromSeconds(30)))
        {
            (await anonymous.GetAsync($"/invites/{expiring}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Paused_server_hides_previews_and_refuses_joins_without_consuming_uses()
    {
        var (server, channel) = await app.CreateServerAsync("j-owner10");
        var code = await app.CreateInviteAsync("j-owner10", channel);
        (await app.As("j-owner10").PatchAsJsonAsync($"/servers/{server}", new { invites_enabled = false })).EnsureSuccessStatusCode();

        (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var join = await app.As("j-user10").PostAsync($"/invites/{code}", null);
        join.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorOf(join)).ShouldBe("invites_paused");
        Uses(code).ShouldBe(0);

        (await app.As("j-owner10").PatchAsJsonAsync($"/servers/{server}", new { invites_enabled = true })).EnsureSuccessStatusCode();
        (await app.As("j-user10").PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("%20%20")]
    [InlineData("'%20OR%201=1--")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("ÄÖÜ-üñí¢ødé")]
    public async Task Odd_codes_are_404_and_write_nothing(string code)
    {
        var before = app.Fingerprint();

        (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.As("j-odd").PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.As("j-odd").DeleteAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task Overlong_code_is_404()
    {
        var code = new string('x', 5000);
        (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.As("j-odd").PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Codes_are_case_sensitive()
    {
        var (_, channel) = await app.CreateServerAsync("j-owner11");
        var code = await app.CreateInviteAsync("j-owner11", channel);
        var flipped = new string(code.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToArray());

        (await app.As(null).GetAsync($"/invites/{flipped}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
