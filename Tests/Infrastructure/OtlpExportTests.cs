using System.Net;
using InviteService.Tests.Support;

namespace InviteService.Tests.Infrastructure;

/// <summary>
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> as an operator sets it, with the OpenTelemetry SDK's own variables: the built service
/// as a real process sends its traces and metrics to an OTLP/HTTP endpoint on loopback.
/// </summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Traces_and_metrics_go_to_the_otlp_endpoint_and_no_code_goes_with_them()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var service = await ServiceProcess.StartAsync(InviteApp.NewDatabasePath(), new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "invites-under-test",
            // Exported soon rather than every minute (metrics) or five seconds (spans): the test waits for arrivals, not for time.
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        var created = await (await service.Http.SendAsync(ServiceProcess.As("ot-owner", HttpMethod.Post, "/servers", new { name = "Traced" }))).ReadJsonAsync();
        var channel = created["channels"]![0]!["id"]!.GetValue<string>();
        var code = (await (await service.Http.SendAsync(ServiceProcess.As("ot-owner", HttpMethod.Post, $"/channels/{channel}/invites", new { }))).ReadJsonAsync())["code"]!.GetValue<string>();

        (await service.Http.SendAsync(ServiceProcess.As("ot-joiner", HttpMethod.Post, $"/invites/{code}"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await service.Http.GetAsync($"/invite/{code}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await service.Http.GetAsync($"/oembed?url={Uri.EscapeDataString($"http://localhost:5080/invite/{code}")}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Eventually.HoldsAsync(() => Task.FromResult(
            collector.Received("/v1/traces", "POST /invites/{code}") && // the request's span, named by its route
            collector.Received("/v1/traces", "JoinInvite") &&          // the handler's span under it
            collector.Received("/v1/traces", "GET /invite/{code}")), "the join's and the page's spans");
        await Eventually.HoldsAsync(() => Task.FromResult(collector.Received("/v1/metrics", "invite.joins")), "the join counted in an export");

        collector.Exports.ShouldAllBe(e => e.ContentType == "application/x-protobuf");
        collector.ReceivedAnywhere("invites-under-test").ShouldBeTrue(); // OTEL_SERVICE_NAME names the service
        collector.ReceivedAnywhere(code).ShouldBeFalse("a span or metric carries the invite code");
    }
}
