using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Webhooks;

/// <summary>At least once, across crashes: the built service as a real process, SIGKILLed, restarted on the same database.</summary>
public sealed class WebhookCrashTests
{
    [Fact]
    public async Task A_join_committed_just_before_a_SIGKILL_is_delivered_after_restart_to_a_receiver_that_was_down()
    {
        var database = InviteApp.NewDatabasePath();
        var receiverPort = ServiceProcess.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["Webhooks:PollInterval"] = "00:00:00.050",
            ["Webhooks:Timeout"] = "00:00:01",
        };
        for (var i = 0; i < 10; i++) settings[$"Webhooks:RetryDelays:{i}"] = "00:00:01";
        string secret;
        await using (var service = await ServiceProcess.StartAsync(database, settings))
        {
            var hook = await (await service.Http.SendAsync(ServiceProcess.As("crash-platform", HttpMethod.Post, "/webhooks",
                new { url = $"http://127.0.0.1:{receiverPort}/hook", events = new[] { "member.joined" } }))).ReadJsonAsync();
            secret = hook["secret"]!.GetValue<string>();
            var created = await (await service.Http.SendAsync(ServiceProcess.As("crash-owner", HttpMethod.Post, "/servers", new { name = "Crash" }))).ReadJsonAsync();
            var channel = created["channels"]![0]!["id"]!.GetValue<string>();
            var invite = await (await service.Http.SendAsync(ServiceProcess.As("crash-owner", HttpMethod.Post, $"/channels/{channel}/invites", new { }))).ReadJsonAsync();

            var join = await service.Http.SendAsync(ServiceProcess.As("crash-joiner", HttpMethod.Post, $"/invites/{invite["code"]!.GetValue<string>()}"));
            join.StatusCode.ShouldBe(HttpStatusCode.OK); // committed
            service.Kill(); // SIGKILL, right after the commit, with the receiver still down
        }

        await using var receiver = await WebhookReceiver.StartAsync(receiverPort);
        receiver.Secrets.Add(secret);
        await using var restarted = await ServiceProcess.StartAsync(database, settings);

        await receiver.WaitForAsync(a => a.Any(e => e.Type == "member.joined"), "the join's event after the restart");
        var arrival = receiver.Arrivals.First(e => e.Type == "member.joined");
        arrival.Verified.ShouldBeTrue();
        arrival.Data["user_id"]!.GetValue<string>().ShouldBe("crash-joiner");
    }
}
