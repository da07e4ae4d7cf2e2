using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Infrastructure;

/// <summary>
/// Behind a real nginx on loopback: clients connect from distinct loopback addresses (127.0.0.2, .3, …), nginx appends
/// the address it saw to X-Forwarded-For, and the service, with nginx listed as its proxy, keys failed lookups by that.
/// </summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class ReverseProxyTests
{
    private static readonly IPAddress Alice = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Bob = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress Mallory = IPAddress.Parse("127.0.0.4");

    [NeedsNginxFact]
    public async Task Behind_nginx_each_client_is_the_address_nginx_saw_and_nothing_a_client_writes()
    {
        var servicePort = ServiceProcess.FreePort();
        await using var app = new InviteApp()
            .With("RateLimits:FailedLookupsPerWindow", "3")
            .With("RateLimits:Window", "00:10:00")
            .With("RateLimits:KnownProxies:0", "127.0.0.1");
        app.UseKestrel(servicePort);
        app.StartServer();
        var (_, channel) = await app.CreateServerAsync("rp-owner");
        var valid = await app.CreateInviteAsync("rp-owner", channel, new { max_age = 0 });
        await using var nginx = await Nginx.StartAsync(servicePort);

        using var alice = Nginx.ClientFrom(Alice, nginx.Port);
        for (var i = 0; i < 3; i++) (await alice.GetAsync($"/invites/rp-guess-{i}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await alice.GetAsync("/invites/rp-guess-3")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        // Alice cannot get a fresh budget by writing X-Forwarded-For herself: nginx appends 127.0.0.2, and only that hop counts.
        for (var i = 0; i < 5; i++)
        {
            var spoofed = new HttpRequestMessage(HttpMethod.Get, $"/invites/rp-spoof-{i}");
            spoofed.Headers.Add("X-Forwarded-For", $"192.0.2.{i + 1}");
            (await alice.SendAsync(spoofed)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        }

        // Bob, through the same nginx, has his own budget: the service reads the client, not the proxy.
        using var bob = Nginx.ClientFrom(Bob, nginx.Port);
        (await bob.GetAsync("/invites/rp-guess-bob")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await bob.GetAsync($"/invites/{valid}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Mallory, straight to the service (not a listed proxy), cannot frame Bob by naming his address.
        using var mallory = Nginx.ClientFrom(Mallory, servicePort);
        for (var i = 0; i < 5; i++)
        {
            var framing = new HttpRequestMessage(HttpMethod.Get, $"/invites/rp-frame-{i}");
            framing.Headers.Add("X-Forwarded-For", Bob.ToString());
            await mallory.SendAsync(framing);
        }

        (await bob.GetAsync($"/invites/{valid}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bob.GetAsync($"/api/messenger/join/{valid}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await mallory.GetAsync($"/invites/{valid}")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [NeedsNginxFact]
    public async Task With_no_proxy_configured_even_nginx_traffic_is_keyed_by_the_connection()
    {
        var servicePort = ServiceProcess.FreePort();
        await using var app = new InviteApp()
            .With("RateLimits:FailedLookupsPerWindow", "2")
            .With("RateLimits:Window", "00:10:00");
        app.UseKestrel(servicePort);
        app.StartServer();
        await using var nginx = await Nginx.StartAsync(servicePort);

        using var alice = Nginx.ClientFrom(Alice, nginx.Port);
        using var bob = Nginx.ClientFrom(Bob, nginx.Port);
        (await alice.GetAsync("/invites/np-guess-1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await bob.GetAsync("/invites/np-guess-2")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Both arrive from nginx's own address, and its header is not believed: they share one budget.
        (await alice.GetAsync("/invites/np-guess-3")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await bob.GetAsync("/invites/np-guess-4")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }
}
