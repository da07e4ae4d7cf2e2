using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Moderation;

/// <summary>
/// The raid brake (#23): set on PATCH /servers/{id}; once a server's last per_seconds hold max_joins direct joins, the next
/// join is refused with 403 invites_paused, consumes nothing, and pauses the server's invites for pause_minutes.
/// </summary>
public sealed class RaidBrakeTests(InviteApp app) : IClassFixture<InviteApp>
{
    private static Task<HttpResponseMessage> PatchJsonAsync(HttpClient client, string url, string json) =>
        client.PatchAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    private async Task<(string Server, string Channel, string Code)> BrakedServerAsync(string owner, int maxJoins, int perSeconds = 60, int pauseMinutes = 10)
    {
        var (server, channel) = await app.CreateServerAsync(owner);
        (await app.As(owner).PatchAsJsonAsync($"/servers/{server}",
            new { raid_protection = new { max_joins = maxJoins, per_seconds = perSeconds, pause_minutes = pauseMinutes } })).EnsureSuccessStatusCode();
        return (server, channel, await app.CreateInviteAsync(owner, channel, new { max_age = 0 }));
    }

    private static async Task<string?> ErrorAsync(HttpResponseMessage response) => (await response.ReadJsonAsync())["error"]?.GetValue<string>();

    [Fact]
    public async Task The_brake_is_off_by_default_set_as_a_whole_shown_on_the_server_and_null_turns_it_off()
    {
        var (server, _) = await app.CreateServerAsync("rb-owner1");
        var owner = app.As("rb-owner1");

        var fresh = await (await owner.GetAsync($"/servers/{server}")).ReadJsonAsync();
        var set = await owner.PatchAsJsonAsync($"/servers/{server}", new { raid_protection = new { max_joins = 5, per_seconds = 30, pause_minutes = 15 } });
        var untouched = await owner.PatchAsJsonAsync($"/servers/{server}", new { name = "Renamed" });
        var shown = await (await owner.GetAsync($"/servers/{server}")).ReadJsonAsync();
        var off = await PatchJsonAsync(owner, $"/servers/{server}", """{"raid_protection": null}""");

        fresh["raid_protection"].ShouldBeNull();
        fresh.AsObject().ContainsKey("raid_protection").ShouldBeTrue();
        fresh.AsObject().ContainsKey("raid_detected_at").ShouldBeTrue();
        (await set.ReadJsonAsync())["raid_protection"]!.ToJsonString().ShouldBe("""{"max_joins":5,"per_seconds":30,"pause_minutes":15}""");
        (await untouched.ReadJsonAsync())["raid_protection"]!.ToJsonString().ShouldBe("""{"max_joins":5,"per_seconds":30,"pause_minutes":15}""");
        shown["raid_protection"]!.ToJsonString().ShouldBe("""{"max_joins":5,"per_seconds":30,"pause_minutes":15}""");
        shown["raid_detected_at"].ShouldBeNull();
        (await off.ReadJsonAsync())["raid_protection"].ShouldBeNull();
    }

    public static TheoryData<string, string> InvalidSettings => new()
    {
        { """{"max_joins": 1, "per_seconds": 60, "pause_minutes": 10}""", "raid_protection.max_joins" },
        { """{"max_joins": 1001, "per_seconds": 60, "pause_minutes": 10}""", "raid_protection.max_joins" },
        { """{"max_joins": 5, "per_seconds": 9, "pause_minutes": 10}""", "raid_protection.per_seconds" },
        { """{"max_joins": 5, "per_seconds": 3601, "pause_minutes": 10}""", "raid_protection.per_seconds" },
        { """{"max_joins": 5, "per_seconds": 60, "pause_minutes": 0}""", "raid_protection.pause_minutes" },
        { """{"max_joins": 5, "per_seconds": 60, "pause_minutes": 1441}""", "raid_protection.pause_minutes" },
        { """{"max_joins": 5, "per_seconds": 60}""", "raid_protection.pause_minutes" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task Settings_outside_their_ranges_or_missing_one_are_refused_naming_it_and_change_nothing(string settings, string field)
    {
        var (server, _) = await app.CreateServerAsync("rb-owner2");
        var before = app.Fingerprint();

        var response = await PatchJsonAsync(app.As("rb-owner2"), $"/servers/{server}", $$"""{"raid_protection": {{settings}}}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorAsync(response)).ShouldBe("validation_failed");
        (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe([field]);
        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task Only_MANAGE_SERVER_sets_the_brake()
    {
        var (server, _) = await app.ServerWithMembersAsync("rb-owner3", "rb-mod3");
        await app.GrantAsync("rb-owner3", server, "rb-mod3", "MANAGE_INVITES", "BAN_MEMBERS");
        var before = app.Fingerprint();

        var response = await app.As("rb-mod3").PatchAsJsonAsync($"/servers/{server}", new { raid_protection = new { max_joins = 5, per_seconds = 60, pause_minutes = 10 } });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task The_join_past_the_limit_is_refused_consumes_nothing_and_pauses_invites_until_the_pause_ends()
    {
        var (server, channel, code) = await BrakedServerAsync("rb-owner4", maxJoins: 3, pauseMinutes: 10);
        var vanityless = await app.CreateInviteAsync("rb-owner4", channel, new { max_age = 0 });
        await app.JoinAsync("rb-a4", code);
        await app.JoinAsync("rb-b4", vanityless);                                   // every invite counts towards the same brake
        (await app.As("rb-c4").PostAsync($"/api/messenger/join/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Created); // either face

        var tripped = await app.As("rb-d4").PostAsync($"/invites/{code}", null);

        tripped.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorAsync(tripped)).ShouldBe("invites_paused");
        app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND user_id = 'rb-d4'", new { server }).ShouldBe(0);
        app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(2);
        var now = app.Time.GetUtcNow();
        var shown = await (await app.As("rb-owner4").GetAsync($"/servers/{server}")).ReadJsonAsync();
        shown["invites_enabled"]!.GetValue<bool>().ShouldBeFalse();
        DateTimeOffset.Parse(shown["invites_paused_until"]!.GetValue<string>()).ShouldBe(now.AddMinutes(10), TimeSpan.FromSeconds(1));
        DateTimeOffset.Parse(shown["raid_detected_at"]!.GetValue<string>()).ShouldBe(now, TimeSpan.FromSeconds(1));

        // Paused exactly as invites_paused_until pauses: previews 404, joins 403 on both faces, until the pause ends.
        (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ErrorAsync(await app.As("rb-e4").PostAsync($"/invites/{vanityless}", null))).ShouldBe("invites_paused");
        (await app.As("rb-e4").PostAsync($"/api/messenger/join/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (app.Time.Shift(TimeSpan.FromMinutes(10)))
        {
            (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            await app.JoinAsync("rb-d4", code);                                       // the window has passed, too
        }
    }

    [Fact]
    public async Task Joins_older_than_the_window_and_approved_requests_do_not_count()
    {
        var (server, channel, code) = await BrakedServerAsync("rb-owner5", maxJoins: 2, perSeconds: 60);
        var approval = await app.CreateInviteAsync("rb-owner5", channel, new { requires_approval = true, max_age = 0 });
        await app.JoinAsync("rb-old5", code);
        await app.JoinAsync("rb-older5", code);

        using (app.Time.Shift(TimeSpan.FromSeconds(61)))
        {
            foreach (var user in new[] { "rb-asked5", "rb-asked5b" })
            {
                (await app.As(user).PostAsync($"/invites/{approval}", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
                (await app.As("rb-owner5").PostAsync($"/servers/{server}/join-requests/{user}/approve", null)).EnsureSuccessStatusCode();
            }

            await app.JoinAsync("rb-new5", code);
            await app.JoinAsync("rb-newer5", code);
            (await ErrorAsync(await app.As("rb-raider5").PostAsync($"/invites/{code}", null))).ShouldBe("invites_paused");
        }
    }

    [Fact]
    public async Task Eight_parallel_joins_under_a_brake_of_five_make_exactly_five_members()
    {
        var (server, _, code) = await BrakedServerAsync("rb-owner6", maxJoins: 5);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var joins = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await start.Task;
            var response = await app.As($"rb-raider6-{i}").PostAsync($"/invites/{code}", null);
            return (response.StatusCode, response.IsSuccessStatusCode ? null : await ErrorAsync(response));
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(joins);

        results.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(5);
        results.Where(r => r.StatusCode != HttpStatusCode.OK).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Forbidden && r.Item2 == "invites_paused");
        app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND user_id LIKE 'rb-raider6-%'", new { server }).ShouldBe(5);
        app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(5);
    }

    [Fact]
    public async Task A_receiver_learns_of_the_pause_with_reason_raid_protection()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var events = new InviteApp().With("Webhooks:PollInterval", "00:00:00.020");
        var subscribed = await events.As("rb-platform", admin: true).PostAsJsonAsync("/webhooks", new { url = receiver.Url, events = new[] { "server.updated" } });
        receiver.Secrets.Add((await subscribed.ReadJsonAsync())["secret"]!.GetValue<string>());
        var (server, channel) = await events.CreateServerAsync("rb-owner7");
        (await events.As("rb-owner7").PatchAsJsonAsync($"/servers/{server}",
            new { raid_protection = new { max_joins = 2, per_seconds = 10, pause_minutes = 1 } })).EnsureSuccessStatusCode();
        var code = await events.CreateInviteAsync("rb-owner7", channel);
        await events.JoinAsync("rb-a7", code);
        await events.JoinAsync("rb-b7", code);
        (await events.As("rb-c7").PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await receiver.WaitForAsync(a => a.Count(e => e.Type == "server.updated") == 2, "the setting and the pause");
        var updates = receiver.Arrivals.Where(a => a.Type == "server.updated").Select(a => a.Data).ToList();
        var setting = updates.Single(u => u["raid_detected_at"] is null);
        var pause = updates.Single(u => u["raid_detected_at"] is not null);
        setting.AsObject().ContainsKey("reason").ShouldBeFalse();
        setting["raid_protection"]!.ToJsonString().ShouldBe("""{"max_joins":2,"per_seconds":10,"pause_minutes":1}""");
        pause["reason"]!.GetValue<string>().ShouldBe("raid_protection");
        pause["invites_enabled"]!.GetValue<bool>().ShouldBeFalse();
        pause["invites_paused_until"].ShouldNotBeNull();
        receiver.Violations.ShouldBeEmpty();
    }
}
