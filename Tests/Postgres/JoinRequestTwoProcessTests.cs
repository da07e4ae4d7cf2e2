using System.Net;
using InviteService.Tests.Support;

namespace InviteService.Tests.Postgres;

/// <summary>
/// Approval links on two real service processes sharing one PostgreSQL database: approvals racing for an invite's last
/// uses, and one applicant asking through both at once. A race ends in its rule's 4xx, never a 500 or an extra member.
/// </summary>
public sealed class JoinRequestTwoProcessTests(TwoProcesses pair) : OnTwoProcesses(pair), IClassFixture<TwoProcesses>
{
    /// <summary>A server with its owner and a second admin (MANAGE_INVITES), who joined through the other process.</summary>
    private async Task<(string Server, string Channel)> TwoAdminsAsync(string prefix)
    {
        var (server, channel) = await ServerAsync(prefix + "-owner");
        var (_, invite) = await Send(_a, prefix + "-owner", HttpMethod.Post, $"/channels/{channel}/invites", new { });
        (await Send(_b, prefix + "-admin", HttpMethod.Post, $"/invites/{invite!["code"]!.GetValue<string>()}")).Status.ShouldBe(HttpStatusCode.OK);
        (await Send(_a, prefix + "-owner", HttpMethod.Patch, $"/servers/{server}/members/{prefix}-admin", new { permissions = new[] { "MANAGE_INVITES" } }))
            .Status.ShouldBe(HttpStatusCode.OK);
        return (server, channel);
    }

    private static async Task<string> ApprovalLinkAsync(ServiceProcess via, string owner, string channel, int maxUses)
    {
        var (status, invite) = await Send(via, owner, HttpMethod.Post, $"/channels/{channel}/invites", new { requires_approval = true, max_uses = maxUses });
        status.ShouldBe(HttpStatusCode.Created);
        return invite!["code"]!.GetValue<string>();
    }

    [Fact]
    public async Task Two_admins_on_the_two_processes_approving_the_last_use_at_once_make_one_member_and_one_max_uses()
    {
        var (server, channel) = await TwoAdminsAsync("tj1");

        for (var round = 0; round < 10; round++)
        {
            var code = await ApprovalLinkAsync(Either(round), "tj1-owner", channel, maxUses: 1);
            var (first, second) = ($"tj1-r{round}a", $"tj1-r{round}b");
            (await Send(_a, first, HttpMethod.Post, $"/invites/{code}")).Status.ShouldBe(HttpStatusCode.Accepted);
            (await Send(_b, second, HttpMethod.Post, $"/invites/{code}")).Status.ShouldBe(HttpStatusCode.Accepted);

            var race = await Task.WhenAll(
                Send(_a, "tj1-owner", HttpMethod.Post, $"/servers/{server}/join-requests/{first}/approve"),
                Send(_b, "tj1-admin", HttpMethod.Post, $"/servers/{server}/join-requests/{second}/approve"));

            race.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(1, $"round {round}");
            var loser = race.Single(r => r.Status != HttpStatusCode.OK);
            (loser.Status, Code(loser.Body)).ShouldBe((HttpStatusCode.BadRequest, "max_uses"), $"round {round}");
            Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND invite_code = @code", new { server, code }).ShouldBe(1, $"round {round}");
            Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(1, $"round {round}");
            Scalar("SELECT COUNT(*) FROM join_requests WHERE server_id = @server AND invite_code = @code", new { server, code }).ShouldBe(1, $"round {round}");
        }
    }

    [Fact]
    public async Task Forty_approvals_across_both_processes_for_ten_uses_admit_exactly_ten()
    {
        var (server, channel) = await TwoAdminsAsync("tj2");
        var code = await ApprovalLinkAsync(_a, "tj2-owner", channel, maxUses: 10);
        var applicants = Enumerable.Range(0, 40).Select(i => $"tj2-u{i}").ToArray();
        foreach (var (user, i) in applicants.Select((u, i) => (u, i)))
        {
            (await Send(Either(i), user, HttpMethod.Post, $"/invites/{code}")).Status.ShouldBe(HttpStatusCode.Accepted);
        }

        var results = await Task.WhenAll(applicants.Select((user, i) =>
            Send(Either(i), i % 4 < 2 ? "tj2-owner" : "tj2-admin", HttpMethod.Post, $"/servers/{server}/join-requests/{user}/approve")));

        results.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(10);
        results.Where(r => r.Status != HttpStatusCode.OK).Select(r => (r.Status, Code(r.Body))).Distinct().ShouldBe([(HttpStatusCode.BadRequest, "max_uses")]);
        Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(10);
        Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND invite_code = @code", new { server, code }).ShouldBe(10);
        Scalar("SELECT COUNT(*) FROM joins WHERE code = @code AND approved_by IS NOT NULL", new { code }).ShouldBe(10);
        Scalar("SELECT COUNT(*) FROM join_requests WHERE server_id = @server", new { server }).ShouldBe(30);
        Scalar("SELECT member_count FROM servers WHERE id = @server", new { server }).ShouldBe(12);
    }

    [Fact]
    public async Task The_same_user_asking_through_both_processes_at_once_is_one_request_answered_twice()
    {
        var (server, channel) = await TwoAdminsAsync("tj3");
        var code = await ApprovalLinkAsync(_b, "tj3-owner", channel, maxUses: 0);

        for (var i = 0; i < 10; i++)
        {
            var user = $"tj3-twice-{i}";
            var both = await Task.WhenAll(Send(_a, user, HttpMethod.Post, $"/invites/{code}"), Send(_b, user, HttpMethod.Post, $"/invites/{code}"));

            both.ShouldAllBe(r => r.Status == HttpStatusCode.Accepted, user);
            both[0].Body!.ToJsonString().ShouldBe(both[1].Body!.ToJsonString(), user);
            Scalar("SELECT COUNT(*) FROM join_requests WHERE server_id = @server AND user_id = @user", new { server, user }).ShouldBe(1, user);
        }

        Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server", new { server }).ShouldBe(2);
        Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(0);
    }
}
