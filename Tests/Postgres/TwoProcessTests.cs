using System.Net;
using System.Text.Json.Nodes;
using InviteService.Infrastructure.Database;
using InviteService.Tests.Support;

namespace InviteService.Tests.Postgres;

/// <summary>
/// Two real service processes (the built program, as a self-hoster runs it) on one PostgreSQL database: every invariant
/// holds across them, not just inside one, and a race is answered with its rule's 4xx, never a 500.
/// </summary>
public sealed class TwoProcessTests(TwoProcesses pair) : OnTwoProcesses(pair), IClassFixture<TwoProcesses>
{
    [Fact]
    public void Both_processes_started_at_once_migrated_exactly_once()
    {
        Scalar("SELECT COUNT(*) FROM schema_version").ShouldBe(Migrator.For("Postgres").Count);
        Scalar("SELECT MAX(version) FROM schema_version").ShouldBe(Migrator.LatestVersion);
    }

    [Fact]
    public async Task Two_hundred_parallel_joins_across_both_on_max_uses_10_admit_exactly_10()
    {
        var (server, channel) = await ServerAsync("tp-owner1");
        var (_, invite) = await Send(_b, "tp-owner1", HttpMethod.Post, $"/channels/{channel}/invites", new { max_uses = 10 });
        var code = invite!["code"]!.GetValue<string>();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Send(Either(i), $"tp-joiner1-{i}", HttpMethod.Post, $"/invites/{code}")));

        results.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(10);
        results.Where(r => r.Status != HttpStatusCode.OK).Select(r => Code(r.Body)).Distinct().ShouldBe(["max_uses"]);
        Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(10);
        Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND invite_code = @code", new { server, code }).ShouldBe(10);
        Scalar("SELECT member_count FROM servers WHERE id = @server", new { server }).ShouldBe(11);
    }

    [Fact]
    public async Task Fifty_parallel_creates_across_both_on_max_invites_5_leave_exactly_5_active()
    {
        var (server, channel) = await ServerAsync("tp-owner2");
        (await Send(_a, "tp-owner2", HttpMethod.Patch, $"/servers/{server}", new { max_invites = 5 })).Status.ShouldBe(HttpStatusCode.OK);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Send(Either(i), "tp-owner2", HttpMethod.Post, $"/channels/{channel}/invites", new { })));

        results.Count(r => r.Status == HttpStatusCode.Created).ShouldBe(5);
        results.Where(r => r.Status != HttpStatusCode.Created).Select(r => Code(r.Body)).Distinct().ShouldBe(["max_invites"]);
        Scalar("SELECT COUNT(*) FROM invites WHERE server_id = @server AND deleted_at IS NULL", new { server }).ShouldBe(5);
    }

    [Fact]
    public async Task The_same_user_joining_through_both_at_once_is_one_membership_and_one_already_member()
    {
        var (server, channel) = await ServerAsync("tp-owner3");
        var (_, invite) = await Send(_a, "tp-owner3", HttpMethod.Post, $"/channels/{channel}/invites", new { });
        var code = invite!["code"]!.GetValue<string>();

        for (var i = 0; i < 10; i++)
        {
            var user = $"tp-twice3-{i}";
            var both = await Task.WhenAll(Send(_a, user, HttpMethod.Post, $"/invites/{code}"), Send(_b, user, HttpMethod.Post, $"/invites/{code}"));

            both.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(1, user);
            Code(both.Single(r => r.Status != HttpStatusCode.OK).Body).ShouldBe("already_member");
            Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND user_id = @user", new { server, user }).ShouldBe(1);
        }

        Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(10);
    }

    [Fact]
    public async Task Two_servers_racing_for_one_vanity_code_one_wins_and_the_other_gets_vanity_taken()
    {
        var (first, _) = await ServerAsync("tp-owner4");
        var (second, _) = await ServerAsync("tp-owner5");
        foreach (var server in new[] { first, second })
        {
            (await Send(_a, "tp-platform", HttpMethod.Patch, $"/servers/{server}", new { features = new[] { "VANITY_URL" } })).Status.ShouldBe(HttpStatusCode.OK);
        }

        for (var i = 0; i < 10; i++)
        {
            var vanity = $"race-{i}";
            var both = await Task.WhenAll(
                Send(_a, "tp-owner4", HttpMethod.Patch, $"/servers/{first}", new { vanity_code = vanity }),
                Send(_b, "tp-owner5", HttpMethod.Patch, $"/servers/{second}", new { vanity_code = vanity }));

            both.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(1, vanity);
            Code(both.Single(r => r.Status != HttpStatusCode.OK).Body).ShouldBe("vanity_taken");
            Scalar("SELECT COUNT(*) FROM servers WHERE lower(vanity_code) = @vanity", new { vanity }).ShouldBe(1);
        }
    }

    [Fact]
    public async Task A_ban_racing_joins_on_the_other_process_leaves_the_banned_user_out()
    {
        var (server, channel) = await ServerAsync("tp-owner6");
        var (_, invite) = await Send(_a, "tp-owner6", HttpMethod.Post, $"/channels/{channel}/invites", new { });
        var code = invite!["code"]!.GetValue<string>();

        for (var i = 0; i < 10; i++)
        {
            var user = $"tp-banned6-{i}";
            var race = await Task.WhenAll(
                Send(_a, user, HttpMethod.Post, $"/invites/{code}"),
                Send(_b, "tp-owner6", HttpMethod.Put, $"/servers/{server}/bans/{user}", new { reason = "race" }));

            race[1].Status.ShouldBe(HttpStatusCode.NoContent);
            race[0].Status.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Forbidden); // joined before the ban, or refused as banned
            Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND user_id = @user", new { server, user }).ShouldBe(0);
        }
    }

    [Fact]
    public async Task Housekeeping_run_by_two_processes_at_once_archives_each_dead_invite_once_with_one_event()
    {
        (await Send(_a, "tp-platform", HttpMethod.Post, "/webhooks", new { url = "http://127.0.0.1:9/hk", events = new[] { "invite.deleted" } })).Status.ShouldBe(HttpStatusCode.Created);
        var (server, channel) = await ServerAsync("tp-owner9");
        for (var i = 0; i < 20; i++)
        {
            var (_, invite) = await Send(Either(i), "tp-owner9", HttpMethod.Post, $"/channels/{channel}/invites", new { max_uses = 1 });
            (await Send(Either(i + 1), $"tp-used9-{i}", HttpMethod.Post, $"/invites/{invite!["code"]!.GetValue<string>()}")).Status.ShouldBe(HttpStatusCode.OK);
        }

        var settings = TestStore.Settings(_database).ToDictionary(p => p.Key, p => (string?)p.Value);
        var archivedBefore = Scalar("SELECT COUNT(*) FROM invites WHERE deleted_at IS NOT NULL"); // other tests' dead invites share the database
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => ServiceProcess.RunToExitAsync(settings, AppContext.BaseDirectory, "housekeeping")));

        runs.ShouldAllBe(r => r.ExitCode == 0);
        runs.Sum(r => long.Parse(System.Text.RegularExpressions.Regex.Match(r.Output, @"archived (\d+)").Groups[1].Value))
            .ShouldBe(Scalar("SELECT COUNT(*) FROM invites WHERE deleted_at IS NOT NULL") - archivedBefore);
        Scalar("SELECT COUNT(*) FROM invites WHERE server_id = @server AND deleted_at IS NOT NULL", new { server }).ShouldBe(20);
        Scalar("SELECT COUNT(*) FROM webhook_events WHERE type = 'invite.deleted' AND server_id = @server", new { server }).ShouldBe(20);
    }

    [Fact]
    public async Task Every_webhook_event_is_claimed_and_delivered_by_one_process_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (status, hook) = await Send(_a, "tp-platform", HttpMethod.Post, "/webhooks", new { url = receiver.Url, events = new[] { "member.joined" } });
        status.ShouldBe(HttpStatusCode.Created);
        receiver.Secrets.Add(hook!["secret"]!.GetValue<string>());
        var (_, channel) = await ServerAsync("tp-owner7");
        var (_, invite) = await Send(_b, "tp-owner7", HttpMethod.Post, $"/channels/{channel}/invites", new { });
        var code = invite!["code"]!.GetValue<string>();

        var joins = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Send(Either(i), $"tp-hooked7-{i}", HttpMethod.Post, $"/invites/{code}")));
        joins.ShouldAllBe(r => r.Status == HttpStatusCode.OK);

        await receiver.WaitForAsync(a => a.Count >= 60, "60 member.joined events");
        await Task.Delay(1500); // a second claim of any of them would arrive within this
        receiver.Arrivals.Count.ShouldBe(60);
        receiver.Arrivals.Select(a => a.Id).Distinct().Count().ShouldBe(60);
        receiver.Arrivals.ShouldAllBe(a => a.Verified);
        receiver.Arrivals.Select(a => a.Data["user_id"]!.GetValue<string>()).Order().ShouldBe(Enumerable.Range(0, 60).Select(i => $"tp-hooked7-{i}").Order());
    }

    [Fact]
    public async Task Event_ids_sort_in_the_order_the_changes_committed_whichever_process_made_them()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (status, hook) = await Send(_a, "tp-platform", HttpMethod.Post, "/webhooks", new { url = receiver.Url, events = new[] { "member.joined", "member.removed" } });
        status.ShouldBe(HttpStatusCode.Created);
        receiver.Secrets.Add(hook!["secret"]!.GetValue<string>());
        var (server, channel) = await ServerAsync("tp-owner10");
        var (_, invite) = await Send(_a, "tp-owner10", HttpMethod.Post, $"/channels/{channel}/invites", new { });
        var code = invite!["code"]!.GetValue<string>();

        // One user joins through one process and leaves through the other, ten times: each change commits before the next starts.
        for (var i = 0; i < 10; i++)
        {
            (await Send(Either(i), "tp-order10", HttpMethod.Post, $"/invites/{code}")).Status.ShouldBe(HttpStatusCode.OK);
            (await Send(Either(i + 1), "tp-order10", HttpMethod.Delete, $"/servers/{server}/members/tp-order10")).Status.ShouldBe(HttpStatusCode.NoContent);
        }

        IEnumerable<WebhookReceiver.Arrival> Mine(IEnumerable<WebhookReceiver.Arrival> arrivals) =>
            arrivals.Where(a => a.Data["server_id"]!.GetValue<string>() == server).DistinctBy(a => a.Id);
        await receiver.WaitForAsync(a => Mine(a).Count() == 20, "the 20 events of the user");
        Mine(receiver.Arrivals).OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => a.Type)
            .ShouldBe(Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? "member.joined" : "member.removed"));
    }
}

/// <summary>What the tests on two processes share: the pair, requests through either, reads of the database itself.</summary>
public abstract class OnTwoProcesses(TwoProcesses pair)
{
    protected readonly ServiceProcess _a = pair.A;
    protected readonly ServiceProcess _b = pair.B;
    protected readonly string _database = pair.Database;

    protected ServiceProcess Either(int i) => i % 2 == 0 ? _a : _b;

    protected static async Task<(HttpStatusCode Status, JsonNode? Body)> Send(ServiceProcess via, string user, HttpMethod method, string url, object? body = null)
    {
        using var response = await via.Http.SendAsync(ServiceProcess.As(user, method, url, body));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) : null);
    }

    protected static string? Code(JsonNode? body) => body?["error"]?.GetValue<string>() ?? body?["code"]?.GetValue<string>();

    protected long Scalar(string sql, object? args = null)
    {
        using var connection = TestStore.Open(_database);
        return Dapper.SqlMapper.ExecuteScalar<long>(connection, sql, args);
    }

    protected async Task<(string Server, string Channel)> ServerAsync(string owner)
    {
        var (status, body) = await Send(_a, owner, HttpMethod.Post, "/servers", new { name = "Shared" });
        status.ShouldBe(HttpStatusCode.Created);
        return (body!["id"]!.GetValue<string>(), body["channels"]![0]!["id"]!.GetValue<string>());
    }
}

/// <summary>Its own pair of processes: one of them is killed.</summary>
public sealed class TwoProcessKillTests(TwoProcessKillTests.Pair pair) : OnTwoProcesses(pair), IClassFixture<TwoProcessKillTests.Pair>
{
    public sealed class Pair : TwoProcesses;

    [Fact]
    public async Task A_SIGKILL_of_one_process_mid_load_leaves_the_other_serving_and_uses_equal_attributed_members()
    {
        var (server, channel) = await ServerAsync("tp-owner8");
        var (_, invite) = await Send(_b, "tp-owner8", HttpMethod.Post, $"/channels/{channel}/invites", new { max_uses = 100 });
        var code = invite!["code"]!.GetValue<string>();

        var joins = Enumerable.Range(0, 160).Select(async i =>
        {
            await Task.Delay(i * 2);
            try
            {
                return (await Send(Either(i), $"tp-load8-{i}", HttpMethod.Post, $"/invites/{code}")).Status;
            }
            catch (HttpRequestException)
            {
                return (HttpStatusCode)0; // the killed process's connections
            }
        }).ToArray();
        await Task.Delay(120);
        _a.Kill();
        var statuses = await Task.WhenAll(joins);

        // Every request to the survivor was answered by its rules.
        statuses.Where((_, i) => i % 2 == 1).ShouldAllBe(s => s == HttpStatusCode.OK || s == HttpStatusCode.BadRequest || s == HttpStatusCode.NotFound);
        var after = await Send(_b, "tp-after8", HttpMethod.Get, $"/invites/{code}");
        after.Status.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NotFound);

        var uses = Scalar("SELECT uses FROM invites WHERE code = @code", new { code });
        uses.ShouldBe(Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND invite_code = @code", new { server, code }));
        uses.ShouldBe(Scalar("SELECT COUNT(*) FROM joins WHERE code = @code", new { code }));
        uses.ShouldBeLessThanOrEqualTo(100);
        uses.ShouldBeGreaterThanOrEqualTo(statuses.Count(s => s == HttpStatusCode.OK));
    }
}

/// <summary>Two service processes started at once on one new PostgreSQL database (a schema of its own).</summary>
public class TwoProcesses : IAsyncLifetime
{
    public string Database { get; } = TestStore.NewDatabase();
    public ServiceProcess A { get; private set; } = null!;
    public ServiceProcess B { get; private set; } = null!;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["RateLimits:FailedLookupsPerWindow"] = "1000000",
        ["RateLimits:WritesPerWindow"] = "1000000",
        ["Webhooks:PollInterval"] = "00:00:00.100",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public async Task InitializeAsync()
    {
        // Started at once on an empty database: both migrate, and exactly one of them does the work.
        var starting = new[] { ServiceProcess.StartAsync(Database, Settings), ServiceProcess.StartAsync(Database, Settings) };
        await Task.WhenAll(starting);
        (A, B) = (starting[0].Result, starting[1].Result);
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await TestStore.DropAsync(Database);
    }
}
