using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Webhooks;

/// <summary>One slow or dead receiver holds only its own share of the dispatcher, and one that never answers rests.</summary>
public sealed class WebhookIsolationTests
{
    private static async Task<string> SubscribeAsync(InviteApp app, WebhookReceiver receiver, string serverId)
    {
        var response = await app.As("wi-platform", admin: true).PostAsJsonAsync("/webhooks",
            new { url = receiver.Url, server_id = serverId, events = new[] { "invite.created" } });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        receiver.Secrets.Add(created["secret"]!.GetValue<string>());
        return created["webhook"]!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_receiver_that_never_answers_holds_only_its_own_share_and_another_endpoints_event_goes_through()
    {
        await using var slow = await WebhookReceiver.StartAsync();
        await using var fast = await WebhookReceiver.StartAsync();
        slow.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Attempts never time out during the test: the slow receiver holds every request it gets until the gate opens.
        await using var app = new InviteApp().With("Webhooks:PollInterval", "00:00:00.020").With("Webhooks:Timeout", "00:01:00");
        try
        {
            var (flooded, floodedChannel) = await app.CreateServerAsync("wi-owner1");
            var (quiet, quietChannel) = await app.CreateServerAsync("wi-owner2");
            await SubscribeAsync(app, slow, flooded);
            await SubscribeAsync(app, fast, quiet);

            for (var i = 0; i < 100; i++) await app.CreateInviteAsync("wi-owner1", floodedChannel);
            await slow.WaitForAttemptsAsync(a => a.Count >= 4, "the slow receiver's share of attempts");

            await app.CreateInviteAsync("wi-owner2", quietChannel);

            await fast.WaitForAsync(a => a.Count == 1, "the other endpoint's event, while the slow one holds all it may");
            slow.Attempts.Count.ShouldBe(4); // Webhooks:MaxConcurrentPerEndpoint, whatever is queued behind them
        }
        finally
        {
            slow.Gate.TrySetResult();
        }
    }

    [Fact]
    public async Task An_endpoint_that_keeps_not_answering_rests_and_its_deliveries_wait_without_spending_retries()
    {
        await using var dead = await WebhookReceiver.StartAsync();
        dead.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = new InviteApp()
            .With("Webhooks:PollInterval", "00:00:00.020")
            .With("Webhooks:Timeout", "00:00:00.300")
            .With("Webhooks:ConnectTimeout", "00:00:00.300")
            .With("Webhooks:MaxConcurrentPerEndpoint", "1")
            .With("Webhooks:BreakAfter", "3")
            .With("Webhooks:BreakFor", "00:10:00")
            .With("Webhooks:RetryDelays:0", "00:00:00")
            .With("Webhooks:RetryDelays:1", "00:00:00")
            .With("Webhooks:RetryDelays:2", "00:00:00")
            .With("Webhooks:RetryDelays:3", "00:00:00");
        try
        {
            var (server, channel) = await app.CreateServerAsync("wi-owner3");
            var hook = await SubscribeAsync(app, dead, server);
            var admin = app.As("wi-platform", admin: true);
            for (var i = 0; i < 10; i++) await app.CreateInviteAsync("wi-owner3", channel);

            async Task<JsonNode> Subscription() => await (await admin.GetAsync($"/webhooks/{hook}")).ReadJsonAsync();
            await Eventually.HoldsAsync(async () => (await Subscription())["paused_until"] is not null, "the endpoint to rest");

            // One attempt at a time (its share is 1), and the third unanswered one in a row rests it, in the same write
            // that records it: so no fourth was ever claimed.
            dead.Attempts.Count.ShouldBe(3);
            var deliveries = (await (await admin.GetAsync($"/webhooks/{hook}/deliveries")).ReadJsonAsync()).AsArray();
            deliveries.Sum(d => d!["attempts"]!.GetValue<int>()).ShouldBe(3);
            deliveries.Count(d => d!["status"]!.GetValue<string>() == "pending").ShouldBe(10);
            deliveries.Where(d => d!["attempts"]!.GetValue<int>() > 0).ShouldAllBe(d => d!["last_error"]!.GetValue<string>() == "no answer");

            // Once the rest is over, attempts resume; the next unanswered one rests it again at once.
            app.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
            var restedUntil = (await Subscription())["paused_until"]!.GetValue<string>();
            await Eventually.HoldsAsync(
                async () => dead.Attempts.Count == 4 && (await Subscription())["paused_until"]?.GetValue<string>() is { } until && until != restedUntil,
                "one more attempt, then rest again");
            dead.Attempts.Count.ShouldBe(4);
        }
        finally
        {
            dead.Gate.TrySetResult();
        }
    }
}
