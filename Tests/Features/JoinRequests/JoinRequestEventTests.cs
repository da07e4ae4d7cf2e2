using System.Net;
using System.Net.Http.Json;
using InviteService.Infrastructure.Housekeeping;
using InviteService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InviteService.Tests.Features.JoinRequests;

/// <summary>The join requests' events at a real receiver, each signed and held to the document's webhooks schemas.</summary>
public sealed class JoinRequestEventTests
{
    [Fact]
    public async Task Every_join_request_event_arrives_with_its_data_and_an_approval_also_brings_member_joined()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = new InviteApp().With("Webhooks:PollInterval", "00:00:00.020");
        var hook = await (await app.As("je-platform", admin: true).PostAsJsonAsync("/webhooks", new
        {
            url = receiver.Url,
            events = new[] { "join_request.created", "join_request.approved", "join_request.declined", "member.joined" },
        })).ReadJsonAsync();
        receiver.Secrets.Add(hook["secret"]!.GetValue<string>());
        var (server, channel) = await app.CreateServerAsync("je-owner");
        var code = await app.CreateInviteAsync("je-owner", channel, new { requires_approval = true, max_age = 0 });
        var open = await app.CreateInviteAsync("je-owner", channel);
        var doomed = await app.CreateInviteAsync("je-owner", channel, new { requires_approval = true });
        async Task Ask(string user, string through) =>
            (await app.As(user).PostAsync($"/invites/{through}", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var owner = app.As("je-owner");

        await Ask("je-approved", code);
        await Ask("je-approved", code);                                                                     // the same request: no second event
        (await owner.PostAsync($"/servers/{server}/join-requests/je-approved/approve", null)).EnsureSuccessStatusCode();
        await Ask("je-declined", code);
        (await owner.PostAsync($"/servers/{server}/join-requests/je-declined/decline", null)).EnsureSuccessStatusCode();
        await Ask("je-cancelled", code);
        (await app.As("je-cancelled").DeleteAsync($"/servers/{server}/join-requests/je-cancelled")).EnsureSuccessStatusCode();
        await Ask("je-joined", code);
        await app.JoinAsync("je-joined", open);                                                              // declined: cancelled
        await Ask("je-banned", code);
        (await owner.PutAsJsonAsync($"/servers/{server}/bans/je-banned", new { })).EnsureSuccessStatusCode();
        await Ask("je-orphan", doomed);
        (await owner.DeleteAsync($"/invites/{doomed}")).EnsureSuccessStatusCode();
        (await app.As("je-messenger").PostAsync($"/api/messenger/join/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await Ask("je-expired", code);
        // Everything so far delivered before the clock jumps (a lease taken before the jump would look expired after it);
        // the clock then stays moved, so the events recorded at the later time are due.
        await AllRecordedAsDeliveredAsync(app);
        using var later = app.Time.Shift(TimeSpan.FromDays(8));
        await app.Services.GetRequiredService<HousekeepingService>().RunOnceAsync(CancellationToken.None);

        string[] expected = [
            "join_request.created je-approved",
            "join_request.approved je-approved by je-owner",
            "member.joined je-approved",
            "join_request.created je-declined",
            "join_request.declined je-declined declined",
            "join_request.created je-cancelled",
            "join_request.declined je-cancelled cancelled",
            "join_request.created je-joined",
            "member.joined je-joined",
            "join_request.declined je-joined cancelled",
            "join_request.created je-banned",
            "join_request.declined je-banned banned",
            "join_request.created je-orphan",
            "join_request.declined je-orphan invite_deleted",
            "join_request.created je-messenger",
            "join_request.created je-expired",
            "join_request.declined je-expired expired",
            "join_request.declined je-messenger expired",
        ];
        // Housekeeping at the later time also pruned the deliveries already made, so the events are counted, not the rows.
        await receiver.WaitForAsync(a => a.DistinctBy(e => e.Id).Count() >= expected.Length, $"all {expected.Length} events");
        var events = receiver.Arrivals.DistinctBy(a => a.Id).OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
        events.ShouldAllBe(e => e.Verified);
        string Line(WebhookReceiver.Arrival e) => e.Type + " " + e.Data["user_id"]!.GetValue<string>() +
            (e.Data["reason"] is { } reason ? " " + reason.GetValue<string>() : "") + (e.Data["approved_by"] is { } by ? " by " + by.GetValue<string>() : "");
        events.Select(Line).ShouldBe(expected);
        events.ShouldAllBe(e => e.Data["server_id"]!.GetValue<string>() == server);
        events.Where(e => e.Type.StartsWith("join_request.")).ShouldAllBe(e => e.Data["invite_code"]!.GetValue<string>() == (e.Data["user_id"]!.GetValue<string>() == "je-orphan" ? doomed : code));
        var joined = events.First(e => e.Type == "member.joined").Data;
        joined["invite_code"]!.GetValue<string>().ShouldBe(code);
        joined["inviter_id"]!.GetValue<string>().ShouldBe("je-owner");
    }

    private static async Task AllRecordedAsDeliveredAsync(InviteApp app) =>
        await Eventually.HoldsAsync(
            () => Task.FromResult(app.Scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE status <> 'delivered'") == 0),
            "every delivery recorded as delivered");
}
