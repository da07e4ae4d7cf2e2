using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace InviteService.Tests.Infrastructure;

public sealed class ThrottlingTests
{
    /// <summary>The test host has no peer address; this stands in for the TCP peer, taken from a test header.</summary>
    private sealed class PeerAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue("X-Test-Peer", out var peer)) context.Connection.RemoteIpAddress = IPAddress.Parse(peer!);
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <param name="trackedClients">How many clients each table of each limit tracks; the default when null.</param>
    private static InviteApp Limited(int failedLookups = 5, int writes = 1000, string? proxy = null, string? network = null, int? trackedClients = null)
    {
        var app = new InviteApp()
            .With("RateLimits:FailedLookupsPerWindow", failedLookups.ToString())
            .With("RateLimits:WritesPerWindow", writes.ToString())
            .With("RateLimits:Window", "00:10:00");
        if (trackedClients is not null) app.With("RateLimits:TrackedClients", trackedClients.ToString());
        if (proxy is not null) app.With("RateLimits:KnownProxies:0", proxy);
        if (network is not null) app.With("RateLimits:KnownNetworks:0", network);
        return app;
    }

    private static HttpClient From(WebApplicationFactoryClientSource source, string peer, string? forwardedFor = null, string? user = null)
    {
        var client = source.Create();
        client.DefaultRequestHeaders.Add("X-Test-Peer", peer);
        if (forwardedFor is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        if (user is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", source.App.Token(user));
        return client;
    }

    private sealed class WebApplicationFactoryClientSource(InviteApp app)
    {
        private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _factory =
            app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, PeerAddress>()));

        public InviteApp App => app;

        public HttpClient Create() => _factory.CreateClient();
    }

    [Fact]
    public async Task Guessing_codes_is_throttled_per_client_with_429_and_retry_after()
    {
        await using var app = Limited(failedLookups: 5);
        var (_, channel) = await app.CreateServerAsync("th-owner1");
        var valid = await app.CreateInviteAsync("th-owner1", channel, new { max_age = 0 });
        var guesser = app.As(null);

        for (var i = 0; i < 5; i++)
        {
            (await guesser.GetAsync($"/invites/guess{i:D5}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        var refused = await guesser.GetAsync($"/invites/{valid}");
        await Snapshot.VerifyAsync(refused);
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThan(0);
        (await guesser.PostAsync("/invites/another-guess", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var messenger = await guesser.GetAsync($"/api/messenger/join/{valid}");
        messenger.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await messenger.ReadJsonAsync())["message"]!.GetValue<string>().ShouldBe("Too Many Attempts.");
    }

    [Fact]
    public async Task A_valid_link_previews_freely()
    {
        await using var app = Limited(failedLookups: 3);
        var (_, channel) = await app.CreateServerAsync("th-owner2");
        var valid = await app.CreateInviteAsync("th-owner2", channel, new { max_age = 0 });
        var reader = app.As(null);

        for (var i = 0; i < 50; i++)
        {
            (await reader.GetAsync($"/invites/{valid}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Signed_in_users_have_their_own_budget_for_lookups_and_joins()
    {
        await using var app = Limited(failedLookups: 2);
        var (_, channel) = await app.CreateServerAsync("th-owner3");
        var valid = await app.CreateInviteAsync("th-owner3", channel, new { max_age = 0 });
        var mallory = app.As("th-mallory");

        (await mallory.PostAsync("/invites/guess-a", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await mallory.PostAsync("/api/messenger/join/guess-b", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await mallory.PostAsync($"/invites/{valid}", null)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        (await app.As("th-alice").PostAsync($"/invites/{valid}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.As(null).GetAsync($"/invites/{valid}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Scalar("SELECT uses FROM invites WHERE code = @valid", new { valid }).ShouldBe(1);
    }

    [Fact]
    public async Task The_limiters_track_a_fixed_number_of_clients_and_forgetting_one_only_gives_it_a_fresh_window()
    {
        // One client per table: the memory bound at its tightest. However many clients come, one window per table is kept.
        await using var app = Limited(failedLookups: 3, writes: 4, trackedClients: 1);
        var raider = app.As("th-raider");
        var bystander = app.As("th-bystander");

        for (var i = 0; i < 3; i++) (await raider.GetAsync($"/invites/guess-{i}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await raider.GetAsync("/invites/guess-3")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await bystander.GetAsync("/invites/guess-x")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // its own window
        (await raider.GetAsync("/invites/guess-4")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // forgotten: a fresh window

        for (var i = 0; i < 4; i++) (await raider.PostAsJsonAsync("/servers", new { name = "n" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await raider.PostAsJsonAsync("/servers", new { name = "n" })).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await bystander.PostAsJsonAsync("/servers", new { name = "n" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await raider.PostAsJsonAsync("/servers", new { name = "n" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Hundreds_of_addresses_exhausting_their_own_budgets_lock_out_neither_a_fresh_address_nor_a_signed_in_user()
    {
        // A table far smaller than the raid. (RateLimits:Budgets is the setting of the hashed budgets this design replaced,
        // set as small so that this test shows the lock-out on that design; today it is no setting at all.)
        await using var app = Limited(failedLookups: 2, writes: 3, trackedClients: 8).With("RateLimits:Budgets", "8");
        var clients = new WebApplicationFactoryClientSource(app);
        var owner = From(clients, "192.0.2.1", user: "th-owner10");
        var server = await (await owner.PostAsJsonAsync("/servers", new { name = "Raided" })).ReadJsonAsync();
        var invite = await owner.PostAsJsonAsync($"/channels/{server["channels"]![0]!["id"]!.GetValue<string>()}/invites", new { max_age = 0 });
        var valid = (await invite.ReadJsonAsync())["code"]!.GetValue<string>();

        // 220 addresses, IPv4 and IPv6 (each in a /64 of its own), each guessing until it is refused.
        var raiders = new List<HttpStatusCode[]>();
        for (var i = 0; i < 220; i++)
        {
            var raider = From(clients, i % 2 == 0 ? $"198.51.{100 + i / 200}.{i % 200 + 1}" : $"2001:db8:{i:x}::1");
            raiders.Add([(await raider.GetAsync($"/invites/raid{i:D3}a")).StatusCode, (await raider.GetAsync($"/invites/raid{i:D3}b")).StatusCode,
                (await raider.GetAsync($"/invites/{valid}")).StatusCode]);
        }

        // And as many accounts, each spending its own writes.
        for (var i = 0; i < 100; i++)
        {
            var account = From(clients, "198.51.100.250", user: $"th-flood{i}");
            for (var w = 0; w < 4; w++) await account.PostAsJsonAsync("/servers", new { name = "flood" });
        }

        var fresh = From(clients, "203.0.113.50");
        (await fresh.GetAsync($"/invites/{valid}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await fresh.GetAsync($"/api/messenger/join/{valid}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await fresh.GetAsync($"/invite/{valid}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var member = From(clients, "198.51.100.250", user: "th-member10"); // the flood's own address, even
        (await member.PostAsync($"/invites/{valid}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await member.PostAsJsonAsync("/servers", new { name = "mine" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        // Each raider was refused after its own two failures, and never before.
        raiders.ShouldAllBe(r => r[0] == HttpStatusCode.NotFound && r[1] == HttpStatusCode.NotFound && r[2] == HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task IPv6_clients_are_one_client_per_64_and_IPv4_mapped_addresses_are_their_IPv4_address()
    {
        await using var app = Limited(failedLookups: 2);
        var clients = new WebApplicationFactoryClientSource(app);

        (await From(clients, "2001:db8:1:2::1").GetAsync("/invites/v6-guess-1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await From(clients, "2001:db8:1:2:ffff:ffff:ffff:fffe").GetAsync("/invites/v6-guess-2")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await From(clients, "2001:db8:1:2:abcd::9").GetAsync("/invites/v6-guess-3")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await From(clients, "2001:db8:1:3::1").GetAsync("/invites/v6-guess-4")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await From(clients, "203.0.113.5").GetAsync("/invites/v4-guess-1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await From(clients, "::ffff:203.0.113.5").GetAsync("/invites/v4-guess-2")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await From(clients, "203.0.113.5").GetAsync("/invites/v4-guess-3")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await From(clients, "203.0.113.6").GetAsync("/invites/v4-guess-4")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Writes_are_limited_per_user()
    {
        await using var app = Limited(writes: 3);
        var alice = app.As("th-writer");

        for (var i = 0; i < 3; i++)
        {
            (await alice.PostAsJsonAsync("/servers", new { name = $"s{i}" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var refused = await alice.PostAsJsonAsync("/servers", new { name = "one too many" });
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await refused.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("rate_limited");
        app.Scalar("SELECT COUNT(*) FROM servers WHERE owner_id = 'th-writer'").ShouldBe(3);

        (await app.As("th-other").PostAsJsonAsync("/servers", new { name = "fine" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var reads = await alice.GetAsync("/health/ready");
        reads.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Forwarded_addresses_count_only_from_configured_proxies()
    {
        await using var app = Limited(failedLookups: 2, proxy: "10.0.0.1");
        var clients = new WebApplicationFactoryClientSource(app);

        // Through the proxy, two real clients have separate budgets.
        var viaProxyA = From(clients, "10.0.0.1", forwardedFor: "203.0.113.7");
        var viaProxyB = From(clients, "10.0.0.1", forwardedFor: "203.0.113.8");
        (await viaProxyA.GetAsync("/invites/guess-1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viaProxyA.GetAsync("/invites/guess-2")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viaProxyA.GetAsync("/invites/guess-3")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await viaProxyB.GetAsync("/invites/guess-4")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A client that is not a known proxy cannot dodge the limit by claiming other addresses.
        var spoofer1 = From(clients, "198.51.100.9", forwardedFor: "192.0.2.1");
        var spoofer2 = From(clients, "198.51.100.9", forwardedFor: "192.0.2.2");
        (await spoofer1.GetAsync("/invites/guess-5")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await spoofer2.GetAsync("/invites/guess-6")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await spoofer1.GetAsync("/invites/guess-7")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task With_no_proxy_configured_X_Forwarded_For_is_ignored()
    {
        await using var app = Limited(failedLookups: 20);
        var (_, channel) = await app.CreateServerAsync("th-owner6");
        var valid = await app.CreateInviteAsync("th-owner6", channel, new { max_age = 0 });
        var clients = new WebApplicationFactoryClientSource(app);

        var guesser = From(clients, "198.51.100.20");
        for (var i = 0; i < 20; i++) (await guesser.GetAsync($"/invites/guess{i:D4}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            statuses.Add((await From(clients, "198.51.100.20", forwardedFor: $"192.0.2.{i + 1}").GetAsync($"/invites/more{i:D4}")).StatusCode);
        }

        statuses.ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);

        // Nor can anyone lock another address out by naming it.
        var framer = From(clients, "198.51.100.21", forwardedFor: "203.0.113.77");
        for (var i = 0; i < 20; i++) await framer.GetAsync($"/invites/frame{i:D4}");
        var victim = From(clients, "203.0.113.77");
        (await victim.GetAsync($"/invites/{valid}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await victim.GetAsync($"/api/messenger/join/{valid}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Proxies_can_be_listed_as_networks_and_only_the_hop_they_saw_counts()
    {
        await using var app = Limited(failedLookups: 2, network: "10.1.0.0/16");
        var clients = new WebApplicationFactoryClientSource(app);

        // The proxy appends the address it saw; whatever the client wrote before it is not believed.
        var a = From(clients, "10.1.2.3", forwardedFor: "192.0.2.50, 203.0.113.7");
        var aSpoofing = From(clients, "10.1.2.4", forwardedFor: "192.0.2.51, 203.0.113.7");
        var b = From(clients, "10.1.2.3", forwardedFor: "203.0.113.8");
        (await a.GetAsync("/invites/net-guess-1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await aSpoofing.GetAsync("/invites/net-guess-2")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await a.GetAsync("/invites/net-guess-3")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await b.GetAsync("/invites/net-guess-4")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Outside the network the header is not believed.
        var outside = From(clients, "10.2.0.1", forwardedFor: "203.0.113.9");
        (await outside.GetAsync("/invites/net-guess-5")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await From(clients, "10.2.0.1", forwardedFor: "203.0.113.10").GetAsync("/invites/net-guess-6")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await From(clients, "10.2.0.1", forwardedFor: "203.0.113.11").GetAsync("/invites/net-guess-7")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public void A_malformed_proxy_network_is_refused_at_start_up()
    {
        using var app = Limited(network: "10.0.0.0/33");

        var ex = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => app.Start());
        ex.Message.ShouldContain("RateLimits:KnownNetworks");
    }

    /// <summary>A database under load: every slice takes a while, so many lookups of one client are in flight at once.</summary>
    private sealed class SlowSlices<TRequest, TResponse> : MediatR.IPipelineBehavior<TRequest, TResponse>
    {
        public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, MediatR.RequestHandlerDelegate<TResponse> next)
        {
            await Task.Delay(30, cancellationToken);
            return await next();
        }
    }

    [Fact]
    public async Task Hundreds_of_parallel_guesses_never_get_more_than_the_limit_through()
    {
        await using var app = Limited(failedLookups: 20);
        var (_, channel) = await app.CreateServerAsync("th-owner7");
        var valid = await app.CreateInviteAsync("th-owner7", channel, new { max_age = 0 });
        var slow = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped(typeof(MediatR.IPipelineBehavior<,>), typeof(SlowSlices<,>))));
        var guesser = slow.CreateClient();
        guesser.DefaultRequestHeaders.Authorization = new("Bearer", app.Token("th-racer"));
        var anonymous = slow.CreateClient();

        using var start = new ManualResetEventSlim();
        var requests = Enumerable.Range(0, 600).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return (i % 3) switch
            {
                0 => await guesser.GetAsync($"/invites/race{i:D4}"),
                1 => await guesser.PostAsync($"/invites/race{i:D4}", null),
                _ => await guesser.GetAsync($"/invites/{valid}"), // successes hand their reservation back
            };
        })).ToList();
        start.Set();
        var responses = await Task.WhenAll(requests);

        var failed = responses.Count(r => r.StatusCode == HttpStatusCode.NotFound);
        failed.ShouldBe(20);
        responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(responses.Length - failed - responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        (await guesser.GetAsync("/invites/one-more")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await anonymous.GetAsync($"/invites/{valid}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_joins_list_spends_failed_lookup_permits_like_preview_and_join()
    {
        await using var app = Limited(failedLookups: 3);
        var (_, channel) = await app.CreateServerAsync("th-owner8");
        var code = await app.CreateInviteAsync("th-owner8", channel, new { max_age = 0 });
        var outsider = app.As("th-outsider8");

        (await outsider.GetAsync($"/invites/{code}/joins")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync("/invites/NoSuch1/joins")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync("/invites/NoSuch2/joins")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var refused = await outsider.GetAsync($"/invites/{code}/joins");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await outsider.GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await app.As("th-owner8").GetAsync($"/invites/{code}/joins")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Many_parallel_previews_of_a_valid_link_from_one_client_all_succeed()
    {
        await using var app = Limited(failedLookups: 5);
        var (_, channel) = await app.CreateServerAsync("th-owner9");
        var valid = await app.CreateInviteAsync("th-owner9", channel, new { max_age = 0 });
        var slow = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped(typeof(MediatR.IPipelineBehavior<,>), typeof(SlowSlices<,>))));
        var unfurler = slow.CreateClient(); // say, a chat app's link preview fetcher, from one address

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => unfurler.GetAsync($"/invites/{valid}"))));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
    }
}
