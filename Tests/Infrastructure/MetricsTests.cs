using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Infrastructure;

/// <summary>
/// What the service counts, read from its own meter as an exporter would (<see cref="MeterReadings"/>), on the real HTTP
/// pipeline and store. The exporters themselves (Prometheus on its own port, OTLP) have their own tests.
/// </summary>
public sealed class MetricsTests
{
    private static (string, string) Tag(string key, string value) => (key, value);

    [Fact]
    public async Task Joins_are_counted_by_face_and_by_what_the_join_answered()
    {
        await using var app = new InviteApp();
        using var readings = new MeterReadings(app.Services);
        var (server, channel) = await app.CreateServerAsync("mt-owner");
        var once = await app.CreateInviteAsync("mt-owner", channel, new { max_uses = 1 });
        var thread = await (await app.As("mt-owner").PostAsJsonAsync($"/api/messenger/threads/{server}/invites", new { uses = 0 })).ReadJsonAsync();
        var threadCode = thread["code"]!.GetValue<string>();
        (await app.As("mt-owner").PutAsJsonAsync($"/servers/{server}/bans/mt-banned", new { })).EnsureSuccessStatusCode();

        (await app.As("mt-first").PostAsync($"/invites/{once}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.As("mt-second").PostAsync($"/invites/{once}", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.As("mt-banned").PostAsync($"/invites/{threadCode}", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.As("mt-second").PostAsync("/invites/NoSuchCode9", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.As("mt-third").PostAsync($"/api/messenger/join/{threadCode}", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await app.As("mt-third").PostAsync($"/api/messenger/join/{threadCode}", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.As("mt-third").PostAsync("/api/messenger/join/NoSuchCode9", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        readings.Sum("invite.joins", Tag("face", "hearth"), Tag("result", "joined")).ShouldBe(1);
        readings.Sum("invite.joins", Tag("face", "hearth"), Tag("result", "max_uses")).ShouldBe(1);
        readings.Sum("invite.joins", Tag("face", "hearth"), Tag("result", "banned")).ShouldBe(1);
        readings.Sum("invite.joins", Tag("face", "hearth"), Tag("result", "not_found")).ShouldBe(1);
        // The Messenger face answers every refusal but "unknown" with one 403; the metric still says which refusal it was.
        readings.Sum("invite.joins", Tag("face", "messenger"), Tag("result", "joined")).ShouldBe(1);
        readings.Sum("invite.joins", Tag("face", "messenger"), Tag("result", "already_member")).ShouldBe(1);
        readings.Sum("invite.joins", Tag("face", "messenger"), Tag("result", "not_found")).ShouldBe(1);
        readings.Sum("invite.joins").ShouldBe(7);
    }

    [Fact]
    public async Task A_join_by_someone_not_on_a_restricted_invite_is_counted_as_not_invited_and_as_a_failed_lookup()
    {
        await using var app = new InviteApp();
        using var readings = new MeterReadings(app.Services);
        var (_, channel) = await app.CreateServerAsync("mr-owner");
        var code = await app.CreateInviteAsync("mr-owner", channel, new { allowed_user_ids = new[] { "mr-listed" } });

        (await app.As("mr-stranger").PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.As("mr-listed").PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        readings.Sum("invite.joins", Tag("face", "hearth"), Tag("result", "not_invited")).ShouldBe(1);
        readings.Sum("invite.joins", Tag("face", "hearth"), Tag("result", "joined")).ShouldBe(1);
        readings.Sum("invite.lookups.failed").ShouldBe(1); // refused as a guess is, so it costs as much
    }

    [Fact]
    public async Task Invites_created_are_counted_by_face_and_refusals_are_not()
    {
        await using var app = new InviteApp();
        using var readings = new MeterReadings(app.Services);
        var (server, channel) = await app.CreateServerAsync("mc-owner");

        await app.CreateInviteAsync("mc-owner", channel);
        await app.CreateInviteAsync("mc-owner", channel);
        (await app.As("mc-owner").PostAsJsonAsync($"/api/messenger/threads/{server}/invites", new { uses = 5 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await app.As("mc-stranger").PostAsJsonAsync($"/channels/{channel}/invites", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        readings.Sum("invites.created", Tag("face", "hearth")).ShouldBe(2);
        readings.Sum("invites.created", Tag("face", "messenger")).ShouldBe(1);
    }

    [Fact]
    public async Task Refusals_are_counted_by_limit_and_failed_lookups_as_they_spend_permits()
    {
        await using var app = new InviteApp().With("RateLimits:FailedLookupsPerWindow", "2").With("RateLimits:WritesPerWindow", "3");
        using var readings = new MeterReadings(app.Services);
        var guesser = app.As(null);
        var writer = app.As("rl-writer");

        var lookups = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) lookups.Add((await guesser.GetAsync($"/invites/NoSuchCode{i}")).StatusCode);
        var writes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) writes.Add((await writer.PostAsJsonAsync("/servers", new { name = $"Server {i}" })).StatusCode);

        lookups.ShouldBe([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests]);
        writes.ShouldBe([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests]);
        readings.Sum("invite.lookups.failed").ShouldBe(2);
        readings.Sum("rate_limited", Tag("limit", "failed_lookups")).ShouldBe(1);
        readings.Sum("rate_limited", Tag("limit", "writes")).ShouldBe(1);
    }

    [Fact]
    public async Task Webhook_attempts_are_counted_by_what_became_of_the_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = new InviteApp()
            .With("Webhooks:PollInterval", "00:00:00.020").With("Webhooks:RetryDelays:0", "00:00:00").With("Webhooks:RetryDelays:1", "00:00:00");
        using var readings = new MeterReadings(app.Services);
        var subscribed = await (await app.As("mw-platform", admin: true).PostAsJsonAsync("/webhooks", new { url = receiver.Url, events = new[] { "invite.created" } })).ReadJsonAsync();
        receiver.Secrets.Add(subscribed["secret"]!.GetValue<string>());
        var (_, channel) = await app.CreateServerAsync("mw-owner");
        receiver.FailNext(3); // the first delivery: three attempts, two retries, then given up

        await app.CreateInviteAsync("mw-owner", channel);
        await Eventually.HoldsAsync(() => Task.FromResult(app.Scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'failed'") == 1), "the first delivery to fail");
        await app.CreateInviteAsync("mw-owner", channel);
        await Eventually.HoldsAsync(() => Task.FromResult(app.Scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivered'") == 1), "the second to be delivered");

        readings.Sum("webhook.deliveries", Tag("result", "retrying")).ShouldBe(2);
        readings.Sum("webhook.deliveries", Tag("result", "failed")).ShouldBe(1);
        readings.Sum("webhook.deliveries", Tag("result", "delivered")).ShouldBe(1);
    }

    [Fact]
    public async Task The_queue_gauges_say_how_many_deliveries_wait_and_how_long_the_oldest_due_one_has_waited()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = new InviteApp();
        using var readings = new MeterReadings(app.Services);
        var admin = app.As("mq-platform", admin: true);
        var subscribed = await (await admin.PostAsJsonAsync("/webhooks", new { url = receiver.Url, events = new[] { "invite.created" } })).ReadJsonAsync();
        var hook = subscribed["webhook"]!["id"]!.GetValue<string>();
        // The endpoint rests (as after attempts nobody answered): its deliveries stay due without being sent.
        app.Scalar("UPDATE webhooks SET paused_until = @Until WHERE id = @Id", new { Until = app.Time.GetUtcNow().AddDays(1).ToUnixTimeMilliseconds(), Id = hook });
        var (_, channel) = await app.CreateServerAsync("mq-owner");

        readings.Observe("webhook.queue.depth").ShouldBe(0);
        readings.Observe("webhook.queue.oldest_due.age").ShouldBe(0);
        await app.CreateInviteAsync("mq-owner", channel);
        await app.CreateInviteAsync("mq-owner", channel);
        readings.Observe("webhook.queue.depth").ShouldBe(2);
        readings.Observe("webhook.queue.oldest_due.age").ShouldBe(0); // due now, waited nothing yet

        using (app.Time.Shift(TimeSpan.FromSeconds(90)))
        {
            readings.Observe("webhook.queue.depth").ShouldBe(2);
            readings.Observe("webhook.queue.oldest_due.age").ShouldBe(90);

            // A delivery whose time has not come waits in the queue but is not due.
            var later = app.Time.GetUtcNow().AddMinutes(5).ToUnixTimeMilliseconds();
            app.Scalar("UPDATE webhook_deliveries SET next_attempt_at = @Later", new { Later = later });
            readings.Observe("webhook.queue.depth").ShouldBe(2);
            readings.Observe("webhook.queue.oldest_due.age").ShouldBe(0);
        }

        // A disabled subscription's deliveries are sent to nobody: they are not the queue's.
        (await admin.PatchAsJsonAsync($"/webhooks/{hook}", new { disabled = true })).EnsureSuccessStatusCode();
        readings.Observe("webhook.queue.depth").ShouldBe(0);
    }

    [Fact]
    public async Task Each_committed_batch_of_writes_records_its_size_and_its_commit()
    {
        await using var app = new InviteApp();
        using var readings = new MeterReadings(app.Services);
        var (_, channel) = await app.CreateServerAsync("mb-owner");
        var code = await app.CreateInviteAsync("mb-owner", channel);

        var joins = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => app.As($"mb-member{i}").PostAsync($"/invites/{code}", null)));

        joins.ShouldAllBe(j => j.StatusCode == HttpStatusCode.OK);
        var batches = readings.Values("db.write.batch.size");
        batches.ShouldAllBe(size => size >= 1 && size <= 64);
        batches.Sum().ShouldBeGreaterThanOrEqualTo(22); // the server, the invite and every join, each in exactly one batch
        readings.Values("db.commit.duration").Count.ShouldBe(batches.Count);
        readings.Values("db.commit.duration").ShouldAllBe(seconds => seconds >= 0);
    }
}
