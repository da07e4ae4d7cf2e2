using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InviteService.Infrastructure.Webhooks;
using InviteService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InviteService.Tests.Features.Webhooks;

/// <summary>Webhooks end to end: the service's dispatcher posting to a real receiver on loopback, which verifies every signature.</summary>
public sealed class WebhookTests
{
    private static InviteApp App() => new InviteApp()
        .With("Webhooks:PollInterval", "00:00:00.020")
        .With("Webhooks:RetryDelays:0", "00:00:00")
        .With("Webhooks:RetryDelays:1", "00:00:00")
        .With("Webhooks:RetryDelays:2", "00:00:00");

    private static async Task<(string Id, string Secret)> SubscribeAsync(InviteApp app, WebhookReceiver receiver, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["url"] = receiver.Url };
        foreach (var property in extra?.GetType().GetProperties() ?? []) body[property.Name] = property.GetValue(extra);
        var response = await app.As("wh-platform", admin: true).PostAsJsonAsync("/webhooks", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        var secret = created["secret"]!.GetValue<string>();
        receiver.Secrets.Add(secret);
        return (created["webhook"]!["id"]!.GetValue<string>(), secret);
    }

    [Fact]
    public void Signatures_follow_the_standard_webhooks_test_vector() =>
        WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}")
            .ShouldBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");

    [Fact]
    public async Task Every_event_type_arrives_once_signed_with_its_data_from_either_face()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = App();
        await SubscribeAsync(app, receiver);
        var (server, channel) = await app.CreateServerAsync("wh-owner");

        var code = await app.CreateInviteAsync("wh-owner", channel, new { max_uses = 3, temporary = true });          // invite.created
        await app.JoinAsync("wh-alice", code);                                                                     // member.joined
        (await app.As("wh-bob").PostAsync($"/api/messenger/join/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Created); // member.joined, Messenger
        var permanent = await app.CreateInviteAsync("wh-owner", channel);
        await app.JoinAsync("wh-carol", permanent);
        await app.JoinAsync("wh-dave", permanent);
        var carols = await app.CreateInviteAsync("wh-carol", channel);
        (await app.As("wh-owner").PatchAsJsonAsync($"/servers/{server}/members/wh-alice", new { roles = new[] { "regular" } })).EnsureSuccessStatusCode(); // member.updated
        (await app.As("wh-owner").DeleteAsync($"/servers/{server}/members/wh-bob")).EnsureSuccessStatusCode();      // member.removed kicked
        (await app.As("wh-alice").DeleteAsync($"/servers/{server}/members/wh-alice")).EnsureSuccessStatusCode();    // member.removed left
        (await app.As("wh-owner").PutAsJsonAsync($"/servers/{server}/bans/wh-carol", new { })).EnsureSuccessStatusCode(); // member.removed banned, invite.deleted revoked
        (await app.As("wh-owner").PostAsync($"/servers/{server}/members/wh-dave/voice-disconnect", null)).EnsureSuccessStatusCode(); // temporary_disconnect? dave is permanent
        var deleted = await app.CreateInviteAsync("wh-owner", channel);
        (await app.As("wh-owner").DeleteAsync($"/invites/{deleted}")).EnsureSuccessStatusCode();                  // invite.deleted deleted
        await app.CreateInviteAsync("wh-owner", channel);
        (await app.As("wh-owner").DeleteAsync($"/servers/{server}/invites")).EnsureSuccessStatusCode();           // invite.deleted revoked
        var expiring = await app.CreateInviteAsync("wh-owner", channel, new { max_age = 60 });
        // Everything so far delivered before the clock jumps: a lease taken before the jump would look expired after it, and
        // the attempt still in flight would be sent a second time (at least once, by design; but this test counts exactly once).
        await AllRecordedAsDeliveredAsync(app);
        using var later = app.Time.Shift(TimeSpan.FromMinutes(2)); // stays moved: events recorded now are due now
        await app.Services.GetRequiredService<InviteService.Infrastructure.Housekeeping.HousekeepingService>().RunOnceAsync(CancellationToken.None); // expired

        (await app.As("wh-owner").PatchAsJsonAsync($"/servers/{server}", new { name = "Renamed" })).EnsureSuccessStatusCode(); // server.updated

        var expected = app.Scalar("SELECT COUNT(*) FROM webhook_deliveries");
        await receiver.WaitForAsync(a => a.Count >= expected, $"all {expected} events");
        var events = receiver.Arrivals.OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
        events.ShouldAllBe(e => e.Verified);
        events.Select(e => e.Id).Distinct().Count().ShouldBe(events.Count);
        events.ShouldAllBe(e => e.UserAgent.StartsWith("InviteService-Webhooks") && e.ContentType.StartsWith("application/json"));
        string[] Of(string type) => events.Where(e => e.Type == type).Select(e => e.Data.ToJsonString()).ToArray();

        var joined = events.Where(e => e.Type == "member.joined").Select(e => e.Data).ToList();
        joined.Select(d => d["user_id"]!.GetValue<string>()).ShouldBe(["wh-alice", "wh-bob", "wh-carol", "wh-dave"]);
        joined[0]!["invite_code"]!.GetValue<string>().ShouldBe(code);
        joined[2]!["invite_code"]!.GetValue<string>().ShouldBe(permanent);
        joined[0]!["inviter_id"]!.GetValue<string>().ShouldBe("wh-owner");
        joined[0]!["temporary"]!.GetValue<bool>().ShouldBeTrue();
        joined[0]!["server_id"]!.GetValue<string>().ShouldBe(server);
        events.Where(e => e.Type == "member.removed").Select(e => e.Data["user_id"] + ":" + e.Data["reason"])
            .ShouldBe(["wh-bob:kicked", "wh-alice:left", "wh-carol:banned"]);
        events.Where(e => e.Type == "invite.deleted").Select(e => e.Data["reason"]!.GetValue<string>()).ShouldBe(["revoked", "deleted", "revoked", "revoked", "revoked", "expired"]);
        events.First(e => e.Type == "invite.deleted").Data["code"]!.GetValue<string>().ShouldBe(carols);
        Of("member.updated").Single().ShouldContain("\"temporary\":false");
        Of("server.updated").Single().ShouldContain("\"name\":\"Renamed\"");
        Of("invite.created").Length.ShouldBe(6);
        _ = expiring;
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_with_the_same_id_and_the_deliveries_say_so()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = App();
        var (hook, _) = await SubscribeAsync(app, receiver, new { events = new[] { "invite.created" } });
        receiver.FailNext(1);
        var (_, channel) = await app.CreateServerAsync("wh-owner2");

        await app.CreateInviteAsync("wh-owner2", channel);

        await receiver.WaitForAsync(a => a.Count == 1, "the retried delivery");
        var attempts = receiver.Attempts.ToList();
        attempts.Count.ShouldBe(2);
        attempts[0].Id.ShouldBe(attempts[1].Id);
        attempts.ShouldAllBe(a => a.Verified);
        // The receiver answers before the dispatcher records the answer: wait for the record, not for time.
        JsonNode deliveries = new JsonArray();
        await Eventually.HoldsAsync(async () =>
        {
            deliveries = await (await app.As("wh-platform", admin: true).GetAsync($"/webhooks/{hook}/deliveries")).ReadJsonAsync();
            return deliveries[0]?["status"]?.GetValue<string>() != "pending";
        }, "the second attempt to be recorded");
        deliveries[0]!["status"]!.GetValue<string>().ShouldBe("delivered");
        deliveries[0]!["attempts"]!.GetValue<int>().ShouldBe(2);
        deliveries[0]!["event_type"]!.GetValue<string>().ShouldBe("invite.created");
    }

    [Fact]
    public async Task A_refused_join_emits_nothing_and_parallel_joins_emit_exactly_one_event_per_join()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = App();
        await SubscribeAsync(app, receiver, new { events = new[] { "member.joined" } });
        var (_, channel) = await app.CreateServerAsync("wh-owner3");
        var code = await app.CreateInviteAsync("wh-owner3", channel, new { max_uses = 50 });
        await app.JoinAsync("wh-first", code);
        (await app.As("wh-first").PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // already a member

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => app.As($"wh-racer-{i}").PostAsync($"/invites/{code}", null))));
        var succeeded = results.Count(r => r.StatusCode == HttpStatusCode.OK);

        succeeded.ShouldBe(49);
        await receiver.WaitForAsync(a => a.Count >= 50, "50 member.joined events");
        await Task.Delay(300); // nothing more may follow
        var joined = receiver.Arrivals.Select(a => a.Data["user_id"]!.GetValue<string>()).ToList();
        joined.Count.ShouldBe(50);
        joined.Distinct().Count().ShouldBe(50);
    }

    [Fact]
    public async Task A_slow_endpoint_does_not_hold_up_a_fast_one()
    {
        await using var slow = await WebhookReceiver.StartAsync();
        await using var fast = await WebhookReceiver.StartAsync();
        slow.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); // answers only when the test says
        await using var app = App();
        await SubscribeAsync(app, slow, new { events = new[] { "invite.created" } });
        await SubscribeAsync(app, fast, new { events = new[] { "invite.created" } });
        var (_, channel) = await app.CreateServerAsync("wh-owner4");

        for (var i = 0; i < 3; i++) await app.CreateInviteAsync("wh-owner4", channel);

        await fast.WaitForAsync(a => a.Count == 3, "all three at the fast endpoint");
        for (var waited = 0; slow.Attempts.IsEmpty && waited < 600; waited++) await Task.Delay(50);
        slow.Attempts.ShouldNotBeEmpty(); // the slow endpoint holds attempts in flight…
        slow.Arrivals.ShouldBeEmpty();    // …and none has been answered: the fast endpoint did not wait for them
        slow.Gate.SetResult();
        await slow.WaitForAsync(a => a.Select(e => e.Id).Distinct().Count() == 3, "the slow endpoint, in the end");
    }

    [Fact]
    public async Task During_a_rotation_both_secrets_sign_and_each_verifies()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = App();
        var (hook, oldSecret) = await SubscribeAsync(app, receiver, new { events = new[] { "invite.created" } });
        var rotated = await (await app.As("wh-platform", admin: true).PostAsync($"/webhooks/{hook}/rotate-secret", null)).ReadJsonAsync();
        var newSecret = rotated["secret"]!.GetValue<string>();
        newSecret.ShouldNotBe(oldSecret);
        var (_, channel) = await app.CreateServerAsync("wh-owner5");

        await app.CreateInviteAsync("wh-owner5", channel);

        await receiver.WaitForAsync(a => a.Count == 1, "the event");
        var arrival = receiver.Arrivals.Single();
        arrival.Signature.Split(' ').Length.ShouldBe(2);
        WebhookReceiver.Verify([oldSecret], arrival.Id, arrival.Timestamp, arrival.Body, arrival.Signature).ShouldBeTrue();
        WebhookReceiver.Verify([newSecret], arrival.Id, arrival.Timestamp, arrival.Body, arrival.Signature).ShouldBeTrue();

        using (app.Time.Shift(TimeSpan.FromHours(25))) // the overlap is over: only the new secret signs
        {
            await app.CreateInviteAsync("wh-owner5", channel);
            await receiver.WaitForAsync(a => a.Count == 2, "the second event");
        }

        receiver.Arrivals.Last().Signature.Split(' ').Length.ShouldBe(1);
        WebhookReceiver.Verify([newSecret], receiver.Arrivals.Last().Id, receiver.Arrivals.Last().Timestamp, receiver.Arrivals.Last().Body, receiver.Arrivals.Last().Signature).ShouldBeTrue();
    }

    [Fact]
    public async Task The_test_endpoint_sends_a_webhook_test_event_and_secrets_are_never_listed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = App();
        var (hook, secret) = await SubscribeAsync(app, receiver, new { events = new[] { "member.joined" } });
        var admin = app.As("wh-platform", admin: true);

        (await admin.PostAsync($"/webhooks/{hook}/test", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await receiver.WaitForAsync(a => a.Any(e => e.Type == "webhook.test"), "webhook.test");
        (await admin.GetStringAsync("/webhooks")).ShouldNotContain(secret);
        (await admin.GetStringAsync($"/webhooks/{hook}")).ShouldNotContain(secret);
    }

    [Fact]
    public async Task A_retry_while_an_attempt_is_in_flight_sends_no_second_copy_and_a_delivered_one_is_sent_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = App();
        var (hook, _) = await SubscribeAsync(app, receiver, new { events = new[] { "invite.created" } });
        var admin = app.As("wh-platform", admin: true);
        var (_, channel) = await app.CreateServerAsync("wh-owner-retry");
        await app.CreateInviteAsync("wh-owner-retry", channel);
        await receiver.WaitForAttemptsAsync(a => a.Count == 1, "the attempt, held open by the receiver");
        var delivery = (await (await admin.GetAsync($"/webhooks/{hook}/deliveries")).ReadJsonAsync())[0]!["id"]!.GetValue<string>();

        for (var i = 0; i < 3; i++)
        {
            var retry = await admin.PostAsync($"/webhooks/{hook}/deliveries/{delivery}/retry", null);
            retry.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await retry.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("delivery_in_flight");
        }

        receiver.Gate.SetResult();
        await receiver.WaitForAsync(a => a.Count == 1, "the one copy");
        await Eventually.HoldsAsync(async () =>
            (await (await admin.GetAsync($"/webhooks/{hook}/deliveries")).ReadJsonAsync())[0]!["status"]!.GetValue<string>() == "delivered", "the delivery to be recorded");
        receiver.Attempts.Count.ShouldBe(1);

        (await admin.PostAsync($"/webhooks/{hook}/deliveries/{delivery}/retry", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await receiver.WaitForAsync(a => a.Count == 2, "the delivered event, sent again");
        receiver.Arrivals.Select(a => a.Id).Distinct().Count().ShouldBe(1);
        await Eventually.HoldsAsync(async () =>
            (await (await admin.GetAsync($"/webhooks/{hook}/deliveries")).ReadJsonAsync())[0]!["attempts"]!.GetValue<int>() == 2, "both attempts counted");
    }

    [Fact]
    public async Task A_disabled_subscription_gets_no_more_attempts_even_for_deliveries_queued_before()
    {
        await using var disabled = await WebhookReceiver.StartAsync();
        await using var marker = await WebhookReceiver.StartAsync();
        disabled.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        disabled.FailNext(100);
        await using var app = App();
        var (hook, _) = await SubscribeAsync(app, disabled, new { events = new[] { "invite.created" } });
        var admin = app.As("wh-platform", admin: true);
        var (_, channel) = await app.CreateServerAsync("wh-owner-disabled");
        await app.CreateInviteAsync("wh-owner-disabled", channel);
        await disabled.WaitForAttemptsAsync(a => a.Count == 1, "the first attempt, held open");

        (await admin.PatchAsJsonAsync($"/webhooks/{hook}", new { disabled = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        disabled.Gate.SetResult(); // the attempt is answered 500: the delivery is due again at once (no retry delay here)
        await Eventually.HoldsAsync(async () =>
            (await (await admin.GetAsync($"/webhooks/{hook}/deliveries")).ReadJsonAsync())[0]!["attempts"]!.GetValue<int>() == 1, "the failed attempt to be recorded");

        // An event due after it, to another subscription: once that one is sent, the dispatcher has claimed everything due before it.
        await SubscribeAsync(app, marker, new { events = new[] { "member.joined" } });
        var code = await app.CreateInviteAsync("wh-owner-disabled", channel);
        await app.JoinAsync("wh-marker", code);
        await marker.WaitForAsync(a => a.Count == 1, "the later event to the other subscription");

        app.Scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = @hook AND (attempts > 1 OR lease_until IS NOT NULL)", new { hook }).ShouldBe(0);
        disabled.Attempts.Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_test_event_reaches_a_subscription_to_one_server()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = App();
        var (server, _) = await app.CreateServerAsync("wh-owner-one");
        var (hook, _) = await SubscribeAsync(app, receiver, new { server_id = server, events = new[] { "member.joined" } });

        (await app.As("wh-platform", admin: true).PostAsync($"/webhooks/{hook}/test", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await receiver.WaitForAsync(a => a.Any(e => e.Type == "webhook.test"), "webhook.test to a subscription with a server_id");
        receiver.Arrivals.Single(e => e.Type == "webhook.test").Data["webhook_id"]!.GetValue<string>().ShouldBe(hook);
    }

    [Theory]
    [InlineData("""{"url": "ftp://example.com/hook"}""", "url")]
    [InlineData("""{"url": "/relative"}""", "url")]
    [InlineData("""{"url": "https://example.com/hook", "events": ["member.exploded"]}""", "events")]
    public async Task Bad_subscriptions_are_refused_like_every_other_bad_input(string json, string field)
    {
        await using var app = App();

        var response = await app.As("wh-platform", admin: true).PostJsonTextAsync("/webhooks", json);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadJsonAsync();
        problem["error"]!.GetValue<string>().ShouldBe("validation_failed");
        problem["errors"]![field].ShouldNotBeNull();
    }

    /// <summary>A server_id is a server's id, as they look: anything else was stored as given, a 15,000-character one included.</summary>
    [Fact]
    public async Task A_server_id_that_is_no_server_id_is_refused_on_create_and_update_and_writes_nothing()
    {
        await using var app = App();
        var admin = app.As("wh-platform", admin: true);
        var (server, _) = await app.CreateServerAsync("wh-owner");
        var hook = (await (await admin.PostAsJsonAsync("/webhooks", new { url = "https://example.com/hook", server_id = server })).ReadJsonAsync())["webhook"]!["id"]!.GetValue<string>();
        string Subscriptions()
        {
            using var connection = app.OpenDatabase();
            return string.Join(';', Dapper.SqlMapper.Query<string>(connection, "SELECT id || '=' || COALESCE(server_id, '*') FROM webhooks ORDER BY id"));
        }

        var before = Subscriptions();

        foreach (var bad in new[] { new string('7', 15_000), new string('7', 65), "a b", " ", "a\tb", "a\u0001b", "a\u0085b", "a\u2028b" })
        {
            var create = await admin.PostAsJsonAsync("/webhooks", new { url = "https://example.com/hook", server_id = bad });
            var update = await admin.PatchAsJsonAsync($"/webhooks/{hook}", new { server_id = bad });

            foreach (var response in new[] { create, update })
            {
                response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, bad[..Math.Min(bad.Length, 10)]);
                var problem = await response.ReadJsonAsync();
                problem["error"]!.GetValue<string>().ShouldBe("validation_failed");
                problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["server_id"]);
            }
        }

        Subscriptions().ShouldBe(before);
        foreach (var good in new[] { new string('7', 64), server, "" })
        {
            (await admin.PatchAsJsonAsync($"/webhooks/{hook}", new { server_id = good })).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await admin.PostAsJsonAsync("/webhooks", new { url = "https://example.com/hook", server_id = good })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task Only_the_platform_admin_manages_webhooks()
    {
        await using var app = App();

        var response = await app.As("wh-someone").PostAsJsonAsync("/webhooks", new { url = "https://example.com/hook" });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("no_permission");
        (await app.As("wh-someone").GetAsync("/webhooks")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_host_app_can_rebuild_its_membership_view_from_events_alone()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = App();
        await SubscribeAsync(app, receiver, new { events = new[] { "member.joined", "member.removed" } });
        var (server, channel) = await app.CreateServerAsync("wh-owner7");
        var code = await app.CreateInviteAsync("wh-owner7", channel, new { max_age = 0 });
        var random = new Random(7);
        var actions = 0;
        for (var i = 0; i < 120; i++)
        {
            var user = $"wh-u{random.Next(25)}";
            var response = random.Next(5) switch
            {
                0 or 1 => await app.As(user).PostAsync($"/invites/{code}", null),
                2 => await app.As(user).DeleteAsync($"/servers/{server}/members/{user}"),
                3 => await app.As("wh-owner7").DeleteAsync($"/servers/{server}/members/{user}"),
                _ => random.Next(3) == 0
                    ? await app.As("wh-owner7").PutAsJsonAsync($"/servers/{server}/bans/{user}", new { })
                    : await app.As("wh-owner7").DeleteAsync($"/servers/{server}/bans/{user}"),
            };
            if (response.IsSuccessStatusCode) actions++;
        }

        var members = (await (await app.As("wh-owner7").GetAsync($"/servers/{server}/members")).ReadJsonAsync()).AsArray()
            .Select(m => m!["user_id"]!.GetValue<string>()).Where(u => u != "wh-owner7").Order().ToList();
        var expectedEvents = app.Scalar("SELECT COUNT(*) FROM webhook_deliveries");
        await receiver.WaitForAsync(a => a.Count >= expectedEvents, $"{expectedEvents} events");

        var view = new HashSet<string>();
        foreach (var arrival in receiver.Arrivals.OrderBy(a => a.Id, StringComparer.Ordinal)) // ids are time-ordered (UUIDv7)
        {
            var user = arrival.Data["user_id"]!.GetValue<string>();
            if (arrival.Type == "member.joined") view.Add(user);
            else view.Remove(user);
        }

        actions.ShouldBeGreaterThan(40);
        view.Order().ToList().ShouldBe(members);
    }

    [Fact]
    public async Task An_endpoint_failing_for_longer_than_DisableAfter_is_disabled_and_gets_no_new_deliveries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailNext(1000);
        await using var app = App().With("Webhooks:DisableAfter", "00:01:00");
        var (hook, _) = await SubscribeAsync(app, receiver, new { events = new[] { "invite.created" } });
        var admin = app.As("wh-platform", admin: true);
        var (_, channel) = await app.CreateServerAsync("wh-owner8");
        async Task<string> StatusOfNewest() => (await (await admin.GetAsync($"/webhooks/{hook}/deliveries")).ReadJsonAsync())[0]!["status"]!.GetValue<string>();
        async Task UntilFailed()
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (await StatusOfNewest() != "failed" && DateTime.UtcNow < deadline) await Task.Delay(20);
        }

        await app.CreateInviteAsync("wh-owner8", channel);
        await UntilFailed();
        (await (await admin.GetAsync($"/webhooks/{hook}")).ReadJsonAsync())["disabled"]!.GetValue<bool>().ShouldBeFalse();

        using var later = app.Time.Shift(TimeSpan.FromMinutes(2));
        await app.CreateInviteAsync("wh-owner8", channel);
        await UntilFailed();

        var webhook = await (await admin.GetAsync($"/webhooks/{hook}")).ReadJsonAsync();
        webhook["disabled"]!.GetValue<bool>().ShouldBeTrue();
        webhook["failing_since"]!.GetValue<string>().ShouldBe("2026-02-14T12:00:00Z");
        var before = app.Scalar("SELECT COUNT(*) FROM webhook_deliveries");
        await app.CreateInviteAsync("wh-owner8", channel);
        app.Scalar("SELECT COUNT(*) FROM webhook_deliveries").ShouldBe(before);
    }

    [Fact]
    public async Task Housekeeping_prunes_deliveries_and_events_past_the_retention()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = App().With("Webhooks:Retention", "01:00:00");
        await SubscribeAsync(app, receiver, new { events = new[] { "invite.created" } });
        var (_, channel) = await app.CreateServerAsync("wh-owner9");
        await app.CreateInviteAsync("wh-owner9", channel);
        await receiver.WaitForAsync(a => a.Count == 1, "the event");
        await AllRecordedAsDeliveredAsync(app); // the receiver has it before the dispatcher records it; only recorded ones are pruned
        var housekeeping = app.Services.GetRequiredService<InviteService.Infrastructure.Housekeeping.HousekeepingService>();

        await housekeeping.RunOnceAsync(CancellationToken.None);
        app.Scalar("SELECT COUNT(*) FROM webhook_deliveries").ShouldBe(1); // still within the retention

        using var later = app.Time.Shift(TimeSpan.FromHours(2));
        await housekeeping.RunOnceAsync(CancellationToken.None);

        app.Scalar("SELECT COUNT(*) FROM webhook_deliveries").ShouldBe(0);
        app.Scalar("SELECT COUNT(*) FROM webhook_events").ShouldBe(0);
    }

    /// <summary>Waits until the dispatcher has recorded every delivery as delivered (it does so after the receiver answers).</summary>
    private static async Task AllRecordedAsDeliveredAsync(InviteApp app)
    {
        for (var waited = 0; app.Scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE status <> 'delivered'") > 0; waited += 20)
        {
            if (waited > 30_000) throw new TimeoutException("the deliveries were not all recorded as delivered in 30 s");
            await Task.Delay(20);
        }
    }
}
