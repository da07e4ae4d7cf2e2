using System.Net;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.JoinRequests;

/// <summary>Approvals racing for an invite's last uses, as real parallel HTTP requests on one database.</summary>
public sealed class JoinRequestConcurrencyTests(InviteApp app) : IClassFixture<InviteApp>
{
    /// <summary>A server with an owner and a second admin (MANAGE_INVITES), and <paramref name="applicants"/> pending requests.</summary>
    private async Task<(string Server, string Channel, string Code, string[] Applicants)> PendingAsync(string prefix, int maxUses, int applicants)
    {
        var (server, channel) = await app.CreateServerAsync(prefix + "-owner");
        await app.JoinAsync(prefix + "-admin", await app.CreateInviteAsync(prefix + "-owner", channel));
        await app.GrantAsync(prefix + "-owner", server, prefix + "-admin", "MANAGE_INVITES");
        var code = await app.CreateInviteAsync(prefix + "-owner", channel, new { requires_approval = true, max_uses = maxUses });
        var users = Enumerable.Range(0, applicants).Select(i => $"{prefix}-u{i}").ToArray();
        foreach (var user in users) (await app.As(user).PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        return (server, channel, code, users);
    }

    /// <summary>Sends every request at once, released together by one gate, and answers each status and error code.</summary>
    private static async Task<(HttpStatusCode Status, string? Error)[]> AllAtOnceAsync(IEnumerable<Func<Task<HttpResponseMessage>>> requests)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = requests.Select(send => Task.Run(async () =>
        {
            await start.Task;
            var response = await send();
            return (response.StatusCode, response.IsSuccessStatusCode ? null : (await response.ReadJsonAsync())["error"]!.GetValue<string>());
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(sent);
    }

    [Fact]
    public async Task Two_admins_approving_twenty_requests_at_once_for_five_uses_make_exactly_five_members()
    {
        var (server, _, code, applicants) = await PendingAsync("jx1", maxUses: 5, applicants: 20);
        var owner = app.As("jx1-owner");
        var admin = app.As("jx1-admin");

        var results = await AllAtOnceAsync(applicants.Select((user, i) =>
            (Func<Task<HttpResponseMessage>>)(() => (i % 2 == 0 ? owner : admin).PostAsync($"/servers/{server}/join-requests/{user}/approve", null))));

        results.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(5);
        results.Where(r => r.Status != HttpStatusCode.OK).ShouldAllBe(r => r.Status == HttpStatusCode.BadRequest && r.Error == "max_uses");
        app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(5);
        app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND invite_code = @code", new { server, code }).ShouldBe(5);
        app.Scalar("SELECT COUNT(*) FROM joins WHERE code = @code AND approved_by IS NOT NULL", new { code }).ShouldBe(5);
        app.Scalar("SELECT COUNT(*) FROM join_requests WHERE server_id = @server", new { server }).ShouldBe(15);
    }

    [Fact]
    public async Task Two_admins_approving_the_last_use_at_once_one_gets_the_member_and_the_other_400_max_uses()
    {
        var (server, channel, _, _) = await PendingAsync("jx2", maxUses: 1, applicants: 0);

        // Ten rounds: each round, an approval link with one use, two applicants, and the two admins approving one each at once.
        for (var round = 0; round < 10; round++)
        {
            var code = await app.CreateInviteAsync("jx2-owner", channel, new { requires_approval = true, max_uses = 1 });
            var (first, second) = ($"jx2-r{round}a", $"jx2-r{round}b");
            foreach (var user in new[] { first, second }) (await app.As(user).PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

            var results = await AllAtOnceAsync([
                () => app.As("jx2-owner").PostAsync($"/servers/{server}/join-requests/{first}/approve", null),
                () => app.As("jx2-admin").PostAsync($"/servers/{server}/join-requests/{second}/approve", null),
            ]);

            results.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(1, $"round {round}");
            results.Single(r => r.Status != HttpStatusCode.OK).ShouldBe((HttpStatusCode.BadRequest, "max_uses"), $"round {round}");
            app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND invite_code = @code", new { server, code }).ShouldBe(1, $"round {round}");
            app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(1, $"round {round}");
            app.Scalar("SELECT COUNT(*) FROM join_requests WHERE server_id = @server AND invite_code = @code", new { server, code }).ShouldBe(1, $"round {round}");
        }
    }

    [Fact]
    public async Task Two_admins_approving_the_same_request_at_once_make_one_member_and_the_other_finds_no_request()
    {
        var (server, _, code, applicants) = await PendingAsync("jx3", maxUses: 0, applicants: 10);

        foreach (var user in applicants)
        {
            var results = await AllAtOnceAsync([
                () => app.As("jx3-owner").PostAsync($"/servers/{server}/join-requests/{user}/approve", null),
                () => app.As("jx3-admin").PostAsync($"/servers/{server}/join-requests/{user}/approve", null),
            ]);

            results.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(1, user);
            results.Single(r => r.Status != HttpStatusCode.OK).ShouldBe((HttpStatusCode.NotFound, "not_found"), user);
        }

        app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(10);
        app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND invite_code = @code", new { server, code }).ShouldBe(10);
    }
}
