using System.Net;
using InviteService.Tests.Support;

namespace InviteService.Tests.Infrastructure;

/// <summary>
/// <c>Metrics:Urls</c> as an operator sets it: the built service as a real process on loopback ports, scraped over HTTP as
/// Prometheus would, and its output held to Prometheus's own <c>promtool</c>.
/// </summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class PrometheusEndpointTests
{
    private static async Task<(ServiceProcess Service, HttpClient Metrics, int MetricsPort)> StartAsync()
    {
        var metricsPort = ServiceProcess.FreePort();
        var service = await ServiceProcess.StartAsync(InviteApp.NewDatabasePath(), new Dictionary<string, string>
        {
            ["Metrics:Urls"] = $"http://127.0.0.1:{metricsPort}",
        });
        return (service, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}"), Timeout = TimeSpan.FromSeconds(10) }, metricsPort);
    }

    /// <summary>A server, an invite and a join through it on the Hearth face, and a join with a made-up code.</summary>
    private static async Task JoinAsync(ServiceProcess service)
    {
        var created = await (await service.Http.SendAsync(ServiceProcess.As("pm-owner", HttpMethod.Post, "/servers", new { name = "Metrics" }))).ReadJsonAsync();
        var channel = created["channels"]![0]!["id"]!.GetValue<string>();
        var invite = await (await service.Http.SendAsync(ServiceProcess.As("pm-owner", HttpMethod.Post, $"/channels/{channel}/invites", new { }))).ReadJsonAsync();
        var code = invite["code"]!.GetValue<string>();
        (await service.Http.SendAsync(ServiceProcess.As("pm-joiner", HttpMethod.Post, $"/invites/{code}"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await service.Http.SendAsync(ServiceProcess.As("pm-joiner", HttpMethod.Post, "/invites/NoSuchCode9"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Metrics_are_served_on_their_own_port_a_join_shows_up_with_its_labels_and_the_public_port_has_no_metrics()
    {
        var (service, metrics, metricsPort) = await StartAsync();
        await using var _ = service;
        using var __ = metrics;
        await JoinAsync(service);

        var scrape = await metrics.GetAsync("/metrics");

        scrape.StatusCode.ShouldBe(HttpStatusCode.OK);
        scrape.Content.Headers.ContentType!.ToString().ShouldStartWith("text/plain; version=0.0.4");
        var text = await scrape.Content.ReadAsStringAsync();
        Promtool.Value(text, "invite_joins_total", ("face", "hearth"), ("result", "joined")).ShouldBe(1);
        Promtool.Value(text, "invite_joins_total", ("face", "hearth"), ("result", "not_found")).ShouldBe(1);
        Promtool.Value(text, "invites_created_total", ("face", "hearth")).ShouldBe(1);
        Promtool.Value(text, "rate_limited_total", ("limit", "writes")).ShouldBe(0);
        Promtool.Value(text, "webhook_queue_depth").ShouldBe(0);
        // ASP.NET Core's and the runtime's own meters come with ours.
        Promtool.Samples(text).ShouldContain(s => s.Name == "http_server_request_duration_seconds_count" && s.Labels["http_route"] == "/invites/{code}");
        Promtool.Samples(text).ShouldContain(s => s.Name == "dotnet_gc_heap_total_allocated_bytes_total");

        // The public port has no /metrics, whatever Host the request names; the metrics port serves nothing else.
        (await service.Http.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = $"127.0.0.1:{metricsPort}" } };
        (await service.Http.SendAsync(spoofed)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await metrics.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await metrics.GetAsync("/invites/NoSuchCode9")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [NeedsPromtoolFact]
    public async Task Promtool_accepts_what_the_metrics_port_serves()
    {
        var (service, metrics, _) = await StartAsync();
        await using var _ = service;
        using var __ = metrics;
        await JoinAsync(service);

        var text = await metrics.GetStringAsync("/metrics");
        var (exitCode, said) = await Promtool.CheckMetricsAsync(text);

        text.ShouldContain("# TYPE invite_joins_total counter"); // promtool accepts an empty input too
        text.ShouldContain("# TYPE db_commit_duration_seconds histogram");
        exitCode.ShouldBe(0, said);
        said.Trim().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("https://127.0.0.1:9464")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:9464/metrics")]
    public async Task A_metrics_address_that_is_not_http_with_a_port_is_refused_at_start_in_one_line(string address)
    {
        var environment = new Dictionary<string, string?> { ["Urls"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}", ["Metrics:Urls"] = address };
        foreach (var (key, value) in TestStore.Settings(InviteApp.NewDatabasePath())) environment[key] = value;

        var (exitCode, _, error) = await ServiceProcess.RunToExitAsync(environment, AppContext.BaseDirectory);

        exitCode.ShouldBe(1);
        error.Trim().Split('\n').ShouldHaveSingleItem().ShouldStartWith($"InviteService could not start: Metrics:Urls must be http:// addresses with a port and no path");
        error.ShouldContain(address);
    }

    [Fact]
    public async Task A_metrics_port_in_use_is_refused_at_start_in_one_line()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var environment = new Dictionary<string, string?> { ["Urls"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}", ["Metrics:Urls"] = $"http://127.0.0.1:{port}" };
        foreach (var (key, value) in TestStore.Settings(InviteApp.NewDatabasePath())) environment[key] = value;

        var (exitCode, _, error) = await ServiceProcess.RunToExitAsync(environment, AppContext.BaseDirectory);

        exitCode.ShouldBe(1);
        error.Trim().Split('\n').ShouldHaveSingleItem().ShouldStartWith($"InviteService could not start: Metrics:Urls: could not listen on http://127.0.0.1:{port}");
    }
}
