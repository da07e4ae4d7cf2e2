using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.JoinRequests;

/// <summary>POST /servers/{id}/join-requests/approve and …/decline: one invite's requests, or the listed users'.</summary>
public sealed class JoinRequestBulkTests(InviteApp app) : IClassFixture<InviteApp>
{
    /// <summary>Applicants <c>{prefix}-u0</c> … asked a minute apart through one approval link (<paramref name="maxUses"/>).</summary>
    private async Task<(string Server, string Channel, string Code)> AskedAsync(string prefix, int count, int maxUses = 0)
    {
        var (server, channel) = await app.CreateServerAsync(prefix + "-owner");
        var code = await app.CreateInviteAsync(prefix + "-owner", channel, new { requires_approval = true, max_uses = maxUses });
        for (var i = 0; i < count; i++)
        {
            using var at = app.Time.Shift(TimeSpan.FromMinutes(i));
            (await app.As($"{prefix}-u{i}").PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        return (server, channel, code);
    }

    private string[] Members(string server, string code) =>
        ReadStrings("SELECT user_id FROM members WHERE server_id = @server AND invite_code = @code ORDER BY user_id", new { server, code });

    private string[] Pending(string server) =>
        ReadStrings("SELECT user_id FROM join_requests WHERE server_id = @server ORDER BY user_id", new { server });

    private string[] ReadStrings(string sql, object args)
    {
        using var connection = app.OpenDatabase();
        return Dapper.SqlMapper.Query<string>(connection, sql, args).ToArray();
    }

    [Fact]
    public async Task Approving_an_invites_requests_goes_in_arrival_order_and_stops_where_its_uses_run_out()
    {
        // Asked in the order u3, u0, u4, u1, u2 (a minute apart each), through an invite with three uses.
        var (server, channel) = await app.CreateServerAsync("jb1-owner");
        var code = await app.CreateInviteAsync("jb1-owner", channel, new { requires_approval = true, max_uses = 3 });
        foreach (var (user, minute) in new[] { ("jb1-u3", 0), ("jb1-u0", 1), ("jb1-u4", 2), ("jb1-u1", 3), ("jb1-u2", 4) })
        {
            using var at = app.Time.Shift(TimeSpan.FromMinutes(minute));
            (await app.As(user).PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        var response = await app.As("jb1-owner").PostAsJsonAsync($"/servers/{server}/join-requests/approve", new { invite = code });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadJsonAsync()).ToJsonString().ShouldBe("""{"approved":3,"left_pending":2}""");
        Members(server, code).ShouldBe(["jb1-u0", "jb1-u3", "jb1-u4"]);
        Pending(server).ShouldBe(["jb1-u1", "jb1-u2"]);
        app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(3);
        app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND approved_by = 'jb1-owner'", new { server }).ShouldBe(3);

        // Nothing left to give: nothing approved, nothing changed.
        var again = await app.As("jb1-owner").PostAsJsonAsync($"/servers/{server}/join-requests/approve", new { invite = code });
        (await again.ReadJsonAsync()).ToJsonString().ShouldBe("""{"approved":0,"left_pending":2}""");
    }

    [Fact]
    public async Task Approving_listed_users_approves_those_with_a_pending_request_and_passes_over_the_others()
    {
        var (server, _, code) = await AskedAsync("jb2", 4);

        var response = await app.As("jb2-owner").PostAsJsonAsync($"/servers/{server}/join-requests/approve",
            new { user_ids = new[] { "jb2-u2", "jb2-nobody", "jb2-u0", "jb2-u2" } });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadJsonAsync()).ToJsonString().ShouldBe("""{"approved":2,"left_pending":0}""");
        Members(server, code).ShouldBe(["jb2-u0", "jb2-u2"]);
        Pending(server).ShouldBe(["jb2-u1", "jb2-u3"]);
    }

    [Fact]
    public async Task Approving_listed_users_beyond_the_uses_leaves_the_later_ones_pending()
    {
        var (server, _, code) = await AskedAsync("jb3", 4, maxUses: 1);

        var response = await app.As("jb3-owner").PostAsJsonAsync($"/servers/{server}/join-requests/approve",
            new { user_ids = new[] { "jb3-u3", "jb3-u1" } });

        (await response.ReadJsonAsync()).ToJsonString().ShouldBe("""{"approved":1,"left_pending":1}""");
        Members(server, code).ShouldBe(["jb3-u1"]);
        Pending(server).ShouldBe(["jb3-u0", "jb3-u2", "jb3-u3"]);
    }

    [Fact]
    public async Task Declining_an_invites_requests_or_listed_users_ends_them_and_says_how_many()
    {
        var (server, channel, code) = await AskedAsync("jb4", 3);
        var other = await app.CreateInviteAsync("jb4-owner", channel, new { requires_approval = true });
        foreach (var user in new[] { "jb4-x", "jb4-y" }) (await app.As(user).PostAsync($"/invites/{other}", null)).EnsureSuccessStatusCode();

        var byInvite = await app.As("jb4-owner").PostAsJsonAsync($"/servers/{server}/join-requests/decline", new { invite = code });
        var byUsers = await app.As("jb4-owner").PostAsJsonAsync($"/servers/{server}/join-requests/decline", new { user_ids = new[] { "jb4-y", "jb4-u0" } });

        (await byInvite.ReadJsonAsync()).ToJsonString().ShouldBe("""{"declined":3}""");
        (await byUsers.ReadJsonAsync()).ToJsonString().ShouldBe("""{"declined":1}""");
        Pending(server).ShouldBe(["jb4-x"]);
        Members(server, code).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("{}", "invite")]
    [InlineData("""{"invite": "AbC", "user_ids": ["a"]}""", "user_ids")]
    [InlineData("""{"user_ids": []}""", "user_ids")]
    [InlineData("""{"invite": ""}""", "invite")]
    [InlineData("""{"user_ids": [""]}""", "user_ids")]
    public async Task A_selection_that_is_not_one_invite_or_a_list_of_users_is_400_naming_the_field(string body, string field)
    {
        var prefix = "jb5-" + body.Length;
        var (server, _, _) = await AskedAsync(prefix, 1);
        var owner = prefix + "-owner";
        var before = app.Fingerprint();

        foreach (var answer in new[] { "approve", "decline" })
        {
            var response = await app.As(owner).PostJsonTextAsync($"/servers/{server}/join-requests/{answer}", body);

            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe([field]);
        }

        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task More_than_a_thousand_listed_users_is_400()
    {
        var (server, _) = await app.CreateServerAsync("jb6-owner");

        var response = await app.As("jb6-owner").PostAsJsonAsync($"/servers/{server}/join-requests/decline",
            new { user_ids = Enumerable.Range(0, 1001).Select(i => $"u{i}").ToArray() });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["user_ids"]);
    }
}
