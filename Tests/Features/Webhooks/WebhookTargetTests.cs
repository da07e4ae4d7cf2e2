using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InviteService.Infrastructure.Webhooks;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Webhooks;

/// <summary>
/// Where a webhook may go: only public addresses by default (judged after resolution at every attempt, and address literals
/// when a subscription is made), never through a proxy the environment names, and no attempt tells what listens where.
/// </summary>
public sealed class WebhookTargetTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("100.64.0.1")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("172.16.0.1")]
    [InlineData("192.0.0.8")]
    [InlineData("192.0.2.1")]
    [InlineData("192.168.1.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.254")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")] // IPv4-mapped
    [InlineData("::127.0.0.1")] // IPv4-compatible
    [InlineData("::ffff:0:10.0.0.1")] // IPv4-translated
    [InlineData("64:ff9b::a00:1")] // NAT64 of 10.0.0.1
    [InlineData("64:ff9b:1::808:808")] // local-use NAT64
    [InlineData("2002:c0a8:101::1")] // 6to4 of 192.168.1.1
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // Teredo
    [InlineData("100::1")] // discard-only
    [InlineData("2001:db8::1")] // documentation
    [InlineData("3fff::1")] // documentation
    [InlineData("2001:2::1")] // benchmarking
    [InlineData("5f00::1")] // SRv6 SIDs
    public void Every_non_public_form_is_refused(string address) => PublicAddresses.IsPublic(IPAddress.Parse(address)).ShouldBeFalse();

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:81c::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")] // NAT64 of a public address
    [InlineData("2002:808:808::1")] // 6to4 of a public address
    public void Global_unicast_passes(string address) => PublicAddresses.IsPublic(IPAddress.Parse(address)).ShouldBeTrue();

    [Fact]
    public async Task By_default_an_address_literal_that_is_not_public_is_refused_when_a_subscription_is_made_or_changed()
    {
        // The service as a self-hoster runs it: nothing about webhooks configured.
        await using var service = await ServiceProcess.StartAsync(InviteApp.NewDatabasePath(), new Dictionary<string, string> { ["Webhooks:BlockPrivateTargets"] = null! });
        async Task<(HttpStatusCode Status, JsonNode? Body)> Send(HttpMethod method, string url, object body)
        {
            var response = await service.Http.SendAsync(ServiceProcess.As("wt-platform", method, url, body));
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
        }

        foreach (var target in new[] { "http://127.0.0.1:9/hook", "http://[::1]/hook", "http://169.254.169.254/latest/meta-data", "http://[::ffff:10.0.0.1]/x", "http://[64:ff9b::7f00:1]/x" })
        {
            var (status, body) = await Send(HttpMethod.Post, "/webhooks", new { url = target });
            status.ShouldBe(HttpStatusCode.BadRequest, target);
            body!["errors"]!["url"].ShouldNotBeNull();
        }

        var (created, hook) = await Send(HttpMethod.Post, "/webhooks", new { url = "https://8.8.8.8/hook", events = new[] { "member.joined" } });
        created.ShouldBe(HttpStatusCode.Created);
        var id = hook!["webhook"]!["id"]!.GetValue<string>();
        (await Send(HttpMethod.Patch, $"/webhooks/{id}", new { url = "http://10.0.0.5/hook" })).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await Send(HttpMethod.Patch, $"/webhooks/{id}", new { url = "https://hooks.example.com/hook" })).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_name_that_resolves_inside_is_blocked_at_the_attempt_and_every_failure_without_an_answer_reads_the_same()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var blocking = Quick(new InviteApp().With("Webhooks:BlockPrivateTargets", "true"));
        await using var open = Quick(new InviteApp());
        var silent = await WebhookReceiver.StartAsync();
        silent.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            // localhost is a name: accepted, then judged after resolution, where it is loopback.
            var blocked = await SubscribeAndEmitAsync(blocking, $"http://localhost:{receiver.Port}/hook");
            var refused = await SubscribeAndEmitAsync(open, "http://127.0.0.1:9/nobody-listens");
            var timedOut = await SubscribeAndEmitAsync(open, silent.Url);

            var errors = new List<string>();
            foreach (var (app, hook) in new[] { (blocking, blocked), (open, refused), (open, timedOut) })
            {
                JsonNode? delivery = null;
                await Eventually.HoldsAsync(async () =>
                {
                    delivery = (await (await app.As("wt-platform", admin: true).GetAsync($"/webhooks/{hook}/deliveries")).ReadJsonAsync())[0];
                    return delivery!["attempts"]!.GetValue<int>() > 0;
                }, "an attempt to be recorded");
                errors.Add(delivery!["last_error"]!.GetValue<string>());
                delivery["last_status_code"].ShouldBeNull();
            }

            errors.ShouldBe(["no answer", "no answer", "no answer"]);
            receiver.Attempts.ShouldBeEmpty();
        }
        finally
        {
            silent.Gate.TrySetResult();
            await silent.DisposeAsync();
        }
    }

    [Fact]
    public async Task Webhooks_do_not_go_through_a_proxy_the_environment_names()
    {
        await using var proxy = new ProxyListener();
        await using var service = await ServiceProcess.StartAsync(InviteApp.NewDatabasePath(), new Dictionary<string, string>
        {
            ["HTTP_PROXY"] = proxy.Url, ["http_proxy"] = proxy.Url, ["HTTPS_PROXY"] = proxy.Url, ["ALL_PROXY"] = proxy.Url,
            ["Webhooks:PollInterval"] = "00:00:00.050",
        });
        // A name that never resolves (RFC 2606): through a proxy it would reach the proxy; sent directly, it reaches nothing.
        var subscribed = await service.Http.SendAsync(ServiceProcess.As("wt-platform", HttpMethod.Post, "/webhooks", new { url = "http://receiver.invalid/hook" }));
        subscribed.StatusCode.ShouldBe(HttpStatusCode.Created, await subscribed.Content.ReadAsStringAsync());
        var hook = (await subscribed.ReadJsonAsync())["webhook"]!["id"]!.GetValue<string>();

        await EmitAsync(service, "Proxied");

        JsonNode? delivery = null;
        await Eventually.HoldsAsync(async () =>
        {
            delivery = (await (await service.Http.SendAsync(ServiceProcess.As("wt-platform", HttpMethod.Get, $"/webhooks/{hook}/deliveries"))).ReadJsonAsync())[0];
            return delivery?["attempts"]?.GetValue<int>() > 0;
        }, "the attempt to be recorded");
        proxy.Requests.ShouldBe(0);
        delivery!["last_error"]!.GetValue<string>().ShouldBe("no answer");
    }

    [Fact]
    public async Task A_proxy_configured_for_webhooks_carries_them_and_the_target_is_still_judged()
    {
        await using var proxy = new ProxyListener();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var open = Quick(new InviteApp().With("Webhooks:Proxy", proxy.Url));
        await using var blocking = Quick(new InviteApp().With("Webhooks:Proxy", proxy.Url).With("Webhooks:BlockPrivateTargets", "true"));

        var carried = await SubscribeAndEmitAsync(open, receiver.Url);
        await Eventually.HoldsAsync(async () => await LastStatusAsync(open, carried) == 502, "the proxy's answer to be recorded");
        proxy.Requests.ShouldBe(1);

        var judged = await SubscribeAndEmitAsync(blocking, $"http://localhost:{receiver.Port}/hook");
        JsonNode? delivery = null;
        await Eventually.HoldsAsync(async () =>
        {
            delivery = (await (await blocking.As("wt-platform", admin: true).GetAsync($"/webhooks/{judged}/deliveries")).ReadJsonAsync())[0];
            return delivery!["attempts"]!.GetValue<int>() > 0;
        }, "the blocked attempt to be recorded");
        delivery!["last_error"]!.GetValue<string>().ShouldBe("no answer");
        proxy.Requests.ShouldBe(1);
        receiver.Attempts.ShouldBeEmpty();
    }

    [Fact]
    public async Task No_log_line_holds_a_webhook_urls_path_or_query()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var service = await ServiceProcess.StartAsync(InviteApp.NewDatabasePath(), new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = "Trace", ["Webhooks:PollInterval"] = "00:00:00.050",
        });
        var secretPath = receiver.Url + "/T0SECRETPATH/B1SECRETPATH?token=Q2SECRETQUERY";
        // The receiver answers /hook only: this URL gets 404, an answer like any other.
        var subscribed = await service.Http.SendAsync(ServiceProcess.As("wt-platform", HttpMethod.Post, "/webhooks", new { url = secretPath }));
        subscribed.StatusCode.ShouldBe(HttpStatusCode.Created, await subscribed.Content.ReadAsStringAsync());
        var hook = (await subscribed.ReadJsonAsync())["webhook"]!["id"]!.GetValue<string>();
        await EmitAsync(service, "Logged");

        await Eventually.HoldsAsync(async () =>
        {
            var deliveries = await (await service.Http.SendAsync(ServiceProcess.As("wt-platform", HttpMethod.Get, $"/webhooks/{hook}/deliveries"))).ReadJsonAsync();
            return deliveries.AsArray().Any(d => d!["last_status_code"]?.GetValue<int>() == 404);
        }, "the attempt to be recorded");
        service.Output.ShouldNotContain("SECRETPATH");
        service.Output.ShouldNotContain("SECRETQUERY");
    }

    /// <summary>An event from a real process: a server and an invite to it (the invite is the event).</summary>
    private static async Task EmitAsync(ServiceProcess service, string name)
    {
        var created = await (await service.Http.SendAsync(ServiceProcess.As("wt-owner", HttpMethod.Post, "/servers", new { name }))).ReadJsonAsync();
        var channel = created["channels"]![0]!["id"]!.GetValue<string>();
        (await service.Http.SendAsync(ServiceProcess.As("wt-owner", HttpMethod.Post, $"/channels/{channel}/invites", new { }))).EnsureSuccessStatusCode();
    }

    private static InviteApp Quick(InviteApp app) => app
        .With("Webhooks:PollInterval", "00:00:00.020")
        .With("Webhooks:Timeout", "00:00:00.500")
        .With("Webhooks:ConnectTimeout", "00:00:00.500");

    /// <summary>A subscription to every event of a new server of its own, and one event for it; its id.</summary>
    private static async Task<string> SubscribeAndEmitAsync(InviteApp app, string url)
    {
        var (server, channel) = await app.CreateServerAsync("wt-owner");
        var response = await app.As("wt-platform", admin: true).PostAsJsonAsync("/webhooks", new { url, server_id = server });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await response.ReadJsonAsync())["webhook"]!["id"]!.GetValue<string>();
        await app.CreateInviteAsync("wt-owner", channel);
        return id;
    }

    private static async Task<int?> LastStatusAsync(InviteApp app, string hook) =>
        (await (await app.As("wt-platform", admin: true).GetAsync($"/webhooks/{hook}/deliveries")).ReadJsonAsync())[0]?["last_status_code"]?.GetValue<int>();
}
