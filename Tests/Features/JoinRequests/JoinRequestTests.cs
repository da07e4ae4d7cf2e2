using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InviteService.Tests.Support;
using InviteService.Infrastructure.Housekeeping;
using Microsoft.Extensions.DependencyInjection;

namespace InviteService.Tests.Features.JoinRequests;

/// <summary>
/// Approval links end to end through HTTP: asking (202, and the Messenger face's pending participant), the checks a request
/// goes through, and the admins' answers: approve, decline (with a ban), the applicant's cancel.
/// </summary>
public sealed class JoinRequestTests(InviteApp app) : IClassFixture<InviteApp>
{
    private static async Task<string> ErrorOf(HttpResponseMessage response) => (await response.ReadJsonAsync())["error"]!.GetValue<string>();

    private long Uses(string code) => app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code });

    private long Pending(string server) => app.Scalar("SELECT COUNT(*) FROM join_requests WHERE server_id = @server", new { server });

    private bool IsPending(string server, string user) =>
        app.Scalar("SELECT COUNT(*) FROM join_requests WHERE server_id = @server AND user_id = @user", new { server, user }) == 1;

    private bool IsMember(string server, string user) =>
        app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND user_id = @user", new { server, user }) == 1;

    /// <summary>A server owned by <c>{prefix}owner</c> and an approval link to its general channel.</summary>
    private async Task<(string Server, string Channel, string Code)> ApprovalLinkAsync(string prefix, object? options = null)
    {
        var (server, channel) = await app.CreateServerAsync(prefix + "owner");
        var body = new Dictionary<string, object?> { ["requires_approval"] = true };
        foreach (var property in options?.GetType().GetProperties() ?? []) body[property.Name] = property.GetValue(options);
        var code = await app.CreateInviteAsync(prefix + "owner", channel, body);
        return (server, channel, code);
    }

    private Task<HttpResponseMessage> Ask(string user, string code) => app.As(user).PostAsync($"/invites/{code}", null);

    private Task<HttpResponseMessage> Approve(string admin, string server, string user) =>
        app.As(admin).PostAsync($"/servers/{server}/join-requests/{user}/approve", null);

    [Fact]
    public async Task Asking_through_an_approval_link_answers_202_pending_and_writes_only_the_request()
    {
        var (server, _, code) = await ApprovalLinkAsync("jr1-", new { max_uses = 5 });

        var response = await Ask("jr1-alice", code);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = await response.ReadJsonAsync();
        body.AsObject().Select(p => p.Key).ShouldBe(["status", "server_id", "user_id", "invite_code", "created_at"]);
        body["status"]!.GetValue<string>().ShouldBe("pending");
        body["server_id"]!.GetValue<string>().ShouldBe(server);
        body["user_id"]!.GetValue<string>().ShouldBe("jr1-alice");
        body["invite_code"]!.GetValue<string>().ShouldBe(code);
        body["created_at"]!.GetValue<string>().ShouldBe(app.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        IsPending(server, "jr1-alice").ShouldBeTrue();
        IsMember(server, "jr1-alice").ShouldBeFalse();
        Uses(code).ShouldBe(0);
        app.Scalar("SELECT COUNT(*) FROM joins WHERE server_id = @server", new { server }).ShouldBe(0);
        app.Scalar("SELECT member_count FROM servers WHERE id = @server", new { server }).ShouldBe(1);
    }

    [Fact]
    public async Task Asking_again_answers_the_same_request_through_any_approval_link_and_writes_nothing()
    {
        var (server, channel, code) = await ApprovalLinkAsync("jr2-");
        var other = await app.CreateInviteAsync("jr2-owner", channel, new { requires_approval = true });
        var first = await (await Ask("jr2-alice", code)).ReadJsonAsync();
        var before = app.Fingerprint();

        using (app.Time.Shift(TimeSpan.FromMinutes(5)))
        {
            var again = await Ask("jr2-alice", code);
            var elsewhere = await Ask("jr2-alice", other);

            again.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            (await again.ReadJsonAsync()).ToJsonString().ShouldBe(first.ToJsonString());
            elsewhere.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            (await elsewhere.ReadJsonAsync()).ToJsonString().ShouldBe(first.ToJsonString());
        }

        Pending(server).ShouldBe(1);
        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task Asking_goes_through_the_usual_checks_in_order_and_a_refusal_writes_nothing()
    {
        var (server, channel, code) = await ApprovalLinkAsync("jr3-", new { max_uses = 1, max_age = 60 });
        await MemberAsync("jr3-owner", channel, "jr3-member");
        (await app.As("jr3-owner").PutAsJsonAsync($"/servers/{server}/bans/jr3-banned", new { })).EnsureSuccessStatusCode();
        var before = app.Fingerprint();

        var banned = await Ask("jr3-banned", code);
        var member = await Ask("jr3-member", code);
        var unknown = await Ask("jr3-alice", "NoSuchCode");

        banned.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorOf(banned)).ShouldBe("banned");
        member.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorOf(member)).ShouldBe("already_member");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using (app.Time.Shift(TimeSpan.FromSeconds(60)))
        {
            var expired = await Ask("jr3-alice", code);
            expired.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await ErrorOf(expired)).ShouldBe("invite_expired");
        }

        app.Fingerprint().ShouldBe(before);
        Pending(server).ShouldBe(0);

        // Used up: its one use went to an approved request; the next applicant is refused as on any invite.
        (await Ask("jr3-bob", code)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await Approve("jr3-owner", server, "jr3-bob")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var usedUp = await Ask("jr3-carol", code);
        usedUp.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorOf(usedUp)).ShouldBe("max_uses");
        IsPending(server, "jr3-carol").ShouldBeFalse();

        // Paused: as for any join.
        (await app.As("jr3-owner").PatchAsJsonAsync($"/servers/{server}", new { invites_enabled = false })).EnsureSuccessStatusCode();
        var (_, _, open) = await ApprovalLinkAsync("jr3b-");
        var paused = await Ask("jr3-dave", code);
        paused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorOf(paused)).ShouldBe("invites_paused");
        (await Ask("jr3-dave", open)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task The_Messenger_join_answers_201_with_the_participant_pending_who_exists_only_once_approved()
    {
        var (server, _, code) = await ApprovalLinkAsync("jr4-");

        var response = await app.As("jr4-alice").PostAsync($"/api/messenger/join/{code}", null);
        var again = await app.As("jr4-alice").PostAsync($"/api/messenger/join/{code}", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var participant = await response.ReadJsonAsync();
        participant["pending"]!.GetValue<bool>().ShouldBeTrue();
        participant["owner_id"]!.GetValue<string>().ShouldBe("jr4-alice");
        participant["thread_id"]!.GetValue<string>().ShouldBe(server);
        participant["send_messages"]!.GetValue<bool>().ShouldBeTrue();
        participant["owner"]!["name"]!.GetValue<string>().ShouldBe("Jr4-alice");
        (await again.ReadJsonAsync()).ToJsonString().ShouldBe(participant.ToJsonString());
        IsMember(server, "jr4-alice").ShouldBeFalse();
        IsPending(server, "jr4-alice").ShouldBeTrue();

        // Once approved, the participant is the one the pending answer showed.
        (await Approve("jr4-owner", server, "jr4-alice")).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND user_id = 'jr4-alice' AND id = @id",
            new { server, id = participant["id"]!.GetValue<string>() }).ShouldBe(1);
        var member = await app.As("jr4-alice").PostAsync($"/api/messenger/join/{code}", null);
        member.StatusCode.ShouldBe(HttpStatusCode.Forbidden); // already a participant
    }

    [Fact]
    public async Task Approving_answers_the_member_with_approved_by_and_attribution_and_consumes_one_use()
    {
        var (server, channel, code) = await ApprovalLinkAsync("jr5-", new { max_uses = 3 });
        await app.GrantAsync("jr5-owner", server, await MemberAsync("jr5-owner", channel, "jr5-manager"), "MANAGE_INVITES");
        await Ask("jr5-alice", code);

        using var later = app.Time.Shift(TimeSpan.FromMinutes(3));
        var response = await Approve("jr5-manager", server, "jr5-alice");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var member = await response.ReadJsonAsync();
        member["user_id"]!.GetValue<string>().ShouldBe("jr5-alice");
        member["name"]!.GetValue<string>().ShouldBe("Jr5-alice");
        member["approved_by"]!.GetValue<string>().ShouldBe("jr5-manager");
        member["invite_code"]!.GetValue<string>().ShouldBe(code);
        member["inviter_id"]!.GetValue<string>().ShouldBe("jr5-owner");
        member["roles"]!.AsArray().ShouldBeEmpty();
        member["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["CREATE_INVITE", "SEND_MESSAGES"]);
        member["joined_at"]!.GetValue<string>().ShouldBe(app.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        Uses(code).ShouldBe(1);
        IsPending(server, "jr5-alice").ShouldBeFalse();
        app.Scalar("SELECT COUNT(*) FROM joins WHERE code = @code AND user_id = 'jr5-alice' AND approved_by = 'jr5-manager'", new { code }).ShouldBe(1);
        app.Scalar("SELECT member_count FROM servers WHERE id = @server", new { server }).ShouldBe(3);

        // The members list shows the member the same way; direct joiners carry no approved_by.
        var members = await (await app.As("jr5-owner").GetAsync($"/servers/{server}/members")).ReadJsonAsync();
        members.AsArray().Single(m => m!["user_id"]!.GetValue<string>() == "jr5-alice")!.ToJsonString().ShouldBe(member.ToJsonString());
        members.AsArray().Single(m => m!["user_id"]!.GetValue<string>() == "jr5-manager")!.AsObject().ContainsKey("approved_by").ShouldBeFalse();
    }

    /// <summary>Makes <paramref name="user"/> a member through an ordinary invite of <paramref name="owner"/>'s; answers the user id.</summary>
    private async Task<string> MemberAsync(string owner, string channel, string user)
    {
        await app.JoinAsync(user, await app.CreateInviteAsync(owner, channel));
        return user;
    }

    [Fact]
    public async Task Approving_after_the_invite_expired_and_was_archived_still_admits()
    {
        var (server, _, code) = await ApprovalLinkAsync("jr6-", new { max_age = 60 });
        await Ask("jr6-alice", code);

        using var later = app.Time.Shift(TimeSpan.FromMinutes(5));
        await app.Services.GetRequiredService<HousekeepingService>().RunOnceAsync(CancellationToken.None);
        app.Scalar("SELECT COUNT(*) FROM invites WHERE code = @code AND deleted_reason = 'expired'", new { code }).ShouldBe(1);
        IsPending(server, "jr6-alice").ShouldBeTrue();

        (await Approve("jr6-owner", server, "jr6-alice")).StatusCode.ShouldBe(HttpStatusCode.OK);
        IsMember(server, "jr6-alice").ShouldBeTrue();
    }

    [Fact]
    public async Task Approving_when_the_invite_is_used_up_is_400_max_uses_and_the_request_stays_pending()
    {
        var (server, _, code) = await ApprovalLinkAsync("jr7-", new { max_uses = 1 });
        await Ask("jr7-alice", code);
        await Ask("jr7-bob", code);
        (await Approve("jr7-owner", server, "jr7-alice")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = app.Fingerprint();

        var response = await Approve("jr7-owner", server, "jr7-bob");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorOf(response)).ShouldBe("max_uses");
        IsPending(server, "jr7-bob").ShouldBeTrue();
        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task Approving_a_banned_applicant_is_403_banned_whether_or_not_the_ban_already_declined_the_request()
    {
        var (server, _, code) = await ApprovalLinkAsync("jr8-");
        await Ask("jr8-alice", code);
        (await app.As("jr8-owner").PutAsJsonAsync($"/servers/{server}/bans/jr8-alice", new { reason = "spam" })).EnsureSuccessStatusCode();

        IsPending(server, "jr8-alice").ShouldBeFalse(); // the ban declined it
        var response = await Approve("jr8-owner", server, "jr8-alice");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorOf(response)).ShouldBe("banned");
        IsMember(server, "jr8-alice").ShouldBeFalse();
    }

    [Fact]
    public async Task Approving_or_declining_someone_without_a_pending_request_is_404()
    {
        var (server, _, _) = await ApprovalLinkAsync("jr9-");
        var before = app.Fingerprint();

        var approve = await Approve("jr9-owner", server, "jr9-nobody");
        var decline = await app.As("jr9-owner").PostAsync($"/servers/{server}/join-requests/jr9-nobody/decline", null);
        var cancel = await app.As("jr9-nobody").DeleteAsync($"/servers/{server}/join-requests/jr9-nobody");

        foreach (var response in new[] { approve, decline, cancel })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await ErrorOf(response)).ShouldBe("not_found");
        }

        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task Declining_answers_204_and_ends_the_request_with_nothing_else_written()
    {
        var (server, _, code) = await ApprovalLinkAsync("jr10-");
        await Ask("jr10-alice", code);
        var before = app.Fingerprint();

        var response = await app.As("jr10-owner").PostAsync($"/servers/{server}/join-requests/jr10-alice/decline", null);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        IsPending(server, "jr10-alice").ShouldBeFalse();
        app.Fingerprint().ShouldBe(before);
        (await Ask("jr10-alice", code)).StatusCode.ShouldBe(HttpStatusCode.Accepted); // a declined applicant may ask again
    }

    [Fact]
    public async Task Declining_with_a_ban_needs_BAN_MEMBERS_and_bans_with_the_reason()
    {
        var (server, channel, code) = await ApprovalLinkAsync("jr11-");
        await app.GrantAsync("jr11-owner", server, await MemberAsync("jr11-owner", channel, "jr11-manager"), "MANAGE_INVITES");
        await Ask("jr11-alice", code);
        var before = app.Fingerprint();

        var refused = await app.As("jr11-manager").PostAsJsonAsync($"/servers/{server}/join-requests/jr11-alice/decline", new { ban = true, reason = "spam" });
        var reasonAlone = await app.As("jr11-owner").PostAsJsonAsync($"/servers/{server}/join-requests/jr11-alice/decline", new { reason = "spam" });

        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorOf(refused)).ShouldBe("no_permission");
        reasonAlone.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await reasonAlone.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["reason"]);
        app.Fingerprint().ShouldBe(before);
        IsPending(server, "jr11-alice").ShouldBeTrue();

        var banned = await app.As("jr11-owner").PostAsJsonAsync($"/servers/{server}/join-requests/jr11-alice/decline", new { ban = true, reason = "spam" });

        banned.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        IsPending(server, "jr11-alice").ShouldBeFalse();
        app.Scalar("SELECT COUNT(*) FROM bans WHERE server_id = @server AND user_id = 'jr11-alice' AND reason = 'spam'", new { server }).ShouldBe(1);
        (await ErrorOf(await Ask("jr11-alice", code))).ShouldBe("banned");
    }

    [Fact]
    public async Task The_applicant_cancels_their_own_request_an_admin_may_delete_it_and_anyone_else_is_refused()
    {
        var (server, channel, code) = await ApprovalLinkAsync("jr12-");
        await MemberAsync("jr12-owner", channel, "jr12-member");
        await Ask("jr12-alice", code);
        await Ask("jr12-bob", code);
        var before = app.Fingerprint();

        var stranger = await app.As("jr12-stranger").DeleteAsync($"/servers/{server}/join-requests/jr12-alice");
        var member = await app.As("jr12-member").DeleteAsync($"/servers/{server}/join-requests/jr12-alice");
        var otherApplicant = await app.As("jr12-bob").DeleteAsync($"/servers/{server}/join-requests/jr12-alice");
        var unknownServer = await app.As("jr12-alice").DeleteAsync("/servers/no-such-server/join-requests/jr12-alice");

        foreach (var response in new[] { stranger, member, otherApplicant })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await ErrorOf(response)).ShouldBe("no_permission");
        }

        unknownServer.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        IsPending(server, "jr12-alice").ShouldBeTrue();
        app.Fingerprint().ShouldBe(before);

        (await app.As("jr12-alice").DeleteAsync($"/servers/{server}/join-requests/jr12-alice")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.As("jr12-owner").DeleteAsync($"/servers/{server}/join-requests/jr12-bob")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        Pending(server).ShouldBe(0);
        (await app.As("jr12-alice").DeleteAsync($"/servers/{server}/join-requests/jr12-alice")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("manager", HttpStatusCode.OK)]
    [InlineData("plain", HttpStatusCode.Forbidden)]
    [InlineData("stranger", HttpStatusCode.Forbidden)]
    [InlineData("alice", HttpStatusCode.Forbidden)] // the applicant may not answer their own request
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Listing_and_answering_need_MANAGE_SERVER_or_MANAGE_INVITES(string? who, HttpStatusCode expected)
    {
        var prefix = $"jrp-{who}-";
        var (server, channel, code) = await ApprovalLinkAsync(prefix);
        await MemberAsync(prefix + "owner", channel, prefix + "plain");
        await app.GrantAsync(prefix + "owner", server, await MemberAsync(prefix + "owner", channel, prefix + "admin"), "MANAGE_SERVER");
        await app.GrantAsync(prefix + "owner", server, await MemberAsync(prefix + "owner", channel, prefix + "manager"), "MANAGE_INVITES");
        await Ask(prefix + "alice", code);
        var client = app.As(who is null ? null : prefix + who);
        var before = app.Fingerprint();

        var list = await client.GetAsync($"/servers/{server}/join-requests");
        var refusals = new List<HttpResponseMessage>
        {
            await client.PostAsJsonAsync($"/servers/{server}/join-requests/decline", new { user_ids = new[] { prefix + "nobody" } }),
            await client.PostAsJsonAsync($"/servers/{server}/join-requests/approve", new { user_ids = new[] { prefix + "nobody" } }),
        };
        if (expected != HttpStatusCode.OK)
        {
            refusals.Add(await client.PostAsync($"/servers/{server}/join-requests/{prefix}alice/approve", null));
            refusals.Add(await client.PostAsync($"/servers/{server}/join-requests/{prefix}alice/decline", null));
        }

        list.StatusCode.ShouldBe(expected);
        foreach (var response in refusals) response.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.Forbidden) (await ErrorOf(list)).ShouldBe("no_permission");
        app.Fingerprint().ShouldBe(before);
        IsPending(server, prefix + "alice").ShouldBeTrue();
    }

    [Fact]
    public async Task An_unknown_server_is_404_on_every_route()
    {
        foreach (var response in new[]
        {
            await app.As("jr13-owner").GetAsync("/servers/no-such-server/join-requests"),
            await app.As("jr13-owner").PostAsync("/servers/no-such-server/join-requests/x/approve", null),
            await app.As("jr13-owner").PostAsync("/servers/no-such-server/join-requests/x/decline", null),
            await app.As("jr13-owner").PostAsJsonAsync("/servers/no-such-server/join-requests/approve", new { invite = "abc" }),
            await app.As("jr13-owner").PostAsJsonAsync("/servers/no-such-server/join-requests/decline", new { invite = "abc" }),
        })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
    }
}
