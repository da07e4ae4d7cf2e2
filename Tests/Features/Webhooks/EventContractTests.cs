using System.Text.Json.Nodes;
using InviteService.Features.Invites;
using InviteService.Features.Members;
using InviteService.Features.Servers;
using InviteService.Features.SharedKernel;
using InviteService.Features.Webhooks;
using InviteService.Infrastructure.Webhooks;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Webhooks;

/// <summary>
/// Every event record's JSON against the schema the OpenAPI document publishes for it (its <c>webhooks</c> section), with
/// values that reach every nullable field both ways. The webhook tests hold every event a real receiver gets to the same
/// schemas; these cover each type even where no test makes one.
/// </summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class EventContractTests
{
    private const long Now = 1_771_070_400_000; // 2026-02-14T12:00:00Z

    private static readonly (string Type, string Body)[] Samples =
    [
        Sample(new InviteCreated("AbC234xyZ9", "server-1", "channel-1", "alice", 10, "2026-02-15T12:00:00Z", false)),
        Sample(new InviteCreated("AbC234xyZ9", "server-1", "channel-1", "alice", 0, null, true)),
        Sample(new InviteDeleted("AbC234xyZ9", "server-1", InviteDeleted.UsedUp)),
        Sample(new MemberJoined("server-1", "bob", "AbC234xyZ9", "alice", false)),
        Sample(new MemberJoined("server-1", "bob", "cool-server", null, false)),
        Sample(new MemberJoined("server-1", "bob", "AbC234xyZ9", "alice", false) { Roles = ["speaker"] }),
        Sample(new MemberRemoved("server-1", "bob", Membership.Kicked)),
        Sample(new MemberUpdated("server-1", "bob", ["CREATE_INVITE", "SEND_MESSAGES"], ["mod"], false)),
        Sample(new ServerUpdated("server-1", "Cool Server", "https://cdn.example/icon.png", false, "2026-02-15T12:00:00Z", "cool-server", ["VANITY_URL"],
            new InvitePolicyResponse(3600, false, 10, 1800))),
        Sample(new ServerUpdated("server-1", "Cool Server", null, true, null, null, [], new InvitePolicyResponse(null, true, null, null))),
        Sample(new WebhookTest("webhook-1")),
    ];

    private static (string, string) Sample<TEvent>(TEvent data) where TEvent : IWebhookEvent => (TEvent.Type, Outbox.Envelope(data, Now));

    [Fact]
    public void The_samples_cover_every_event_the_service_sends() =>
        Samples.Select(s => s.Type).Distinct().ShouldBe(EventCatalogue.All.Select(e => e.Name), ignoreOrder: true);

    [Fact]
    public async Task Every_event_record_matches_the_schema_the_document_publishes()
    {
        var problems = new List<string>();
        foreach (var (type, body) in Samples)
        {
            if (await ContractConformance.CheckEventAsync(body) is { } problem) problems.Add($"{type}: {problem}");
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_body_that_strays_from_its_schema_is_caught()
    {
        var body = JsonNode.Parse(Samples[3].Body)!;
        body["data"]!["temporary"] = "no";

        (await ContractConformance.CheckEventAsync(body.ToJsonString())).ShouldNotBeNull();
        (await ContractConformance.CheckEventAsync("""{"type": "member.exploded", "timestamp": "2026-02-14T12:00:00.000Z", "data": {}}""")).ShouldNotBeNull();
    }
}
