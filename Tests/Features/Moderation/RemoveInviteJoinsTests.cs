using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Moderation;

/// <summary>
/// POST /invites/{code}/joins/remove (#23): everyone who came through one leaked link, kicked or banned in one call, each
/// held to the kick and ban rules, with a member.removed per member and the code's pending requests declined.
/// </summary>
public sealed class RemoveInviteJoinsTests(InviteApp app) : IClassFixture<InviteApp>
{
    private static async Task<string?> ErrorAsync(HttpResponseMessage response) => (await response.ReadJsonAsync())["error"]?.GetValue<string>();

    private long IsMember(string server, string user) =>
        app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND user_id = @user", new { server, user });

    private long IsBanned(string server, string user) =>
        app.Scalar("SELECT COUNT(*) FROM bans WHERE server_id = @server AND user_id = @user", new { server, user });

    [Fact]
    public async Task Everyone_still_in_through_the_code_is_kicked_and_others_stay()
    {
        var (server, channel) = await app.CreateServerAsync("rj-owner1");
        var leaked = await app.CreateInviteAsync("rj-owner1", channel, new { max_age = 0 });
        var other = await app.CreateInviteAsync("rj-owner1", channel);
        foreach (var user in new[] { "rj-a1", "rj-b1", "rj-c1", "rj-left1" }) await app.JoinAsync(user, leaked);
        await app.JoinAsync("rj-friend1", other);
        (await app.As("rj-left1").DeleteAsync($"/servers/{server}/members/rj-left1")).EnsureSuccessStatusCode();
        (await app.As("rj-owner1").DeleteAsync($"/invites/{leaked}")).EnsureSuccessStatusCode(); // deleted invites too

        var response = await app.As("rj-owner1").PostAsync($"/invites/{leaked}/joins/remove", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadJsonAsync()).ToJsonString().ShouldBe("""{"removed":3,"banned":0,"skipped":[]}""");
        foreach (var user in new[] { "rj-a1", "rj-b1", "rj-c1" }) IsMember(server, user).ShouldBe(0);
        IsMember(server, "rj-friend1").ShouldBe(1);
        IsBanned(server, "rj-a1").ShouldBe(0);
        app.Scalar("SELECT member_count FROM servers WHERE id = @server", new { server }).ShouldBe(2);
        await app.JoinAsync("rj-a1", other);                                                   // a kick, not a ban
    }

    [Fact]
    public async Task Since_keeps_only_the_later_joins_and_ban_bans_them_with_the_reason()
    {
        var (server, channel) = await app.CreateServerAsync("rj-owner2");
        var leaked = await app.CreateInviteAsync("rj-owner2", channel, new { max_age = 0 });
        await app.JoinAsync("rj-early2", leaked);
        var since = app.Time.GetUtcNow().AddMinutes(5);
        using (app.Time.Shift(TimeSpan.FromMinutes(10)))
        {
            await app.JoinAsync("rj-raider2a", leaked);
            await app.JoinAsync("rj-raider2b", leaked);

            var response = await app.As("rj-owner2").PostAsJsonAsync($"/invites/{leaked}/joins/remove", new { since, ban = true, reason = "raid" });

            (await response.ReadJsonAsync()).ToJsonString().ShouldBe("""{"removed":0,"banned":2,"skipped":[]}""");
            IsMember(server, "rj-early2").ShouldBe(1);
            IsBanned(server, "rj-raider2a").ShouldBe(1);
            app.Scalar("SELECT COUNT(*) FROM bans WHERE server_id = @server AND reason = 'raid'", new { server }).ShouldBe(2);
            (await ErrorAsync(await app.As("rj-raider2a").PostAsync($"/invites/{leaked}", null))).ShouldBe("banned");
        }
    }

    [Fact]
    public async Task The_owner_the_caller_and_members_the_caller_does_not_outrank_are_skipped_and_listed()
    {
        var (server, channel) = await app.CreateServerAsync("rj-owner3");
        var leaked = await app.CreateInviteAsync("rj-owner3", channel, new { max_age = 0 });
        foreach (var user in new[] { "rj-mod3", "rj-admin3", "rj-raider3" }) await app.JoinAsync(user, leaked);
        await app.GrantAsync("rj-owner3", server, "rj-mod3", "BAN_MEMBERS");
        await app.GrantAsync("rj-owner3", server, "rj-admin3", "MANAGE_SERVER");

        var response = await app.As("rj-mod3").PostAsJsonAsync($"/invites/{leaked}/joins/remove", new { ban = true });

        (await response.ReadJsonAsync()).ToJsonString().ShouldBe("""{"removed":0,"banned":1,"skipped":["rj-admin3","rj-mod3"]}""");
        IsMember(server, "rj-admin3").ShouldBe(1);
        IsBanned(server, "rj-raider3").ShouldBe(1);
    }

    [Fact]
    public async Task A_vanity_codes_joins_are_removed_too()
    {
        var (server, _) = await app.CreateServerAsync("rj-owner4");
        (await app.As("rj-platform", admin: true).PatchAsJsonAsync($"/servers/{server}", new { features = new[] { "VANITY_URL" } })).EnsureSuccessStatusCode();
        (await app.As("rj-owner4").PatchAsJsonAsync($"/servers/{server}", new { vanity_code = "rj-vanity4" })).EnsureSuccessStatusCode();
        await app.JoinAsync("rj-a4", "rj-vanity4");

        var response = await app.As("rj-owner4").PostAsync("/invites/RJ-Vanity4/joins/remove", null);

        (await response.ReadJsonAsync()).ToJsonString().ShouldBe("""{"removed":1,"banned":0,"skipped":[]}""");
        IsMember(server, "rj-a4").ShouldBe(0);
    }

    [Fact]
    public async Task Kicking_needs_MANAGE_SERVER_banning_BAN_MEMBERS_and_outsiders_see_an_unknown_code()
    {
        var (server, channel) = await app.ServerWithMembersAsync("rj-owner5", "rj-mod5", "rj-plain5");
        await app.GrantAsync("rj-owner5", server, "rj-mod5", "BAN_MEMBERS");
        var leaked = await app.CreateInviteAsync("rj-owner5", channel);
        await app.JoinAsync("rj-raider5", leaked);
        var before = app.Fingerprint();

        var modKick = await app.As("rj-mod5").PostAsync($"/invites/{leaked}/joins/remove", null);
        var plainBan = await app.As("rj-plain5").PostAsJsonAsync($"/invites/{leaked}/joins/remove", new { ban = true });
        var outsider = await app.As("rj-outsider5").PostAsync($"/invites/{leaked}/joins/remove", null);
        var unknown = await app.As("rj-owner5").PostAsync("/invites/NoSuchCode1/joins/remove", null);
        var badBody = await app.As("rj-owner5").PostAsJsonAsync($"/invites/{leaked}/joins/remove", new { reason = "no ban" });

        (modKick.StatusCode, await ErrorAsync(modKick)).ShouldBe((HttpStatusCode.Forbidden, "no_permission"));
        (plainBan.StatusCode, await ErrorAsync(plainBan)).ShouldBe((HttpStatusCode.Forbidden, "no_permission"));
        outsider.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (badBody.StatusCode, await ErrorAsync(badBody)).ShouldBe((HttpStatusCode.BadRequest, "validation_failed"));
        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task Each_member_gets_a_member_removed_event_and_the_codes_pending_requests_are_declined()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var events = new InviteApp().With("Webhooks:PollInterval", "00:00:00.020");
        var subscribed = await events.As("rj-platform6", admin: true).PostAsJsonAsync("/webhooks",
            new { url = receiver.Url, events = new[] { "member.removed", "join_request.declined" } });
        receiver.Secrets.Add((await subscribed.ReadJsonAsync())["secret"]!.GetValue<string>());
        var (server, channel) = await events.CreateServerAsync("rj-owner6");
        var leaked = await events.CreateInviteAsync("rj-owner6", channel);
        var approval = await events.CreateInviteAsync("rj-owner6", channel, new { requires_approval = true });
        await events.JoinAsync("rj-kicked6", leaked);
        await events.JoinAsync("rj-banned6", leaked);
        (await events.As("rj-waiting6").PostAsync($"/invites/{approval}", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await events.As("rj-owner6").PostAsJsonAsync($"/invites/{leaked}/joins/remove", new { ban = true })).EnsureSuccessStatusCode();
        (await events.As("rj-owner6").PostAsync($"/invites/{approval}/joins/remove", null)).EnsureSuccessStatusCode();

        await receiver.WaitForAsync(a => a.Count(e => e.Type == "member.removed") == 2 && a.Any(e => e.Type == "join_request.declined"), "the removals");
        receiver.Arrivals.Where(a => a.Type == "member.removed").Select(a => $"{a.Data["user_id"]} {a.Data["reason"]}").Order()
            .ShouldBe(["rj-banned6 banned", "rj-kicked6 banned"]);
        var declined = receiver.Arrivals.Single(a => a.Type == "join_request.declined").Data;
        (declined["user_id"]!.GetValue<string>(), declined["reason"]!.GetValue<string>()).ShouldBe(("rj-waiting6", "declined"));
        events.Scalar("SELECT COUNT(*) FROM join_requests WHERE server_id = @server", new { server }).ShouldBe(0);
        receiver.Violations.ShouldBeEmpty();
    }
}
