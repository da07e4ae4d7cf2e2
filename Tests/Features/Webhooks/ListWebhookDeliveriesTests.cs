using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Webhooks;

/// <summary>GET /webhooks/{id}/deliveries in pages: newest first; no longer cut at 200.</summary>
public sealed class ListWebhookDeliveriesTests(InviteApp app) : IClassFixture<InviteApp>
{
    private async Task<string> SubscribeWithTestEventsAsync(WebhookReceiver receiver, int events)
    {
        var admin = app.As("ld-platform", admin: true);
        var created = await admin.PostAsJsonAsync("/webhooks", new { url = receiver.Url });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var hook = (await created.ReadJsonAsync())["webhook"]!["id"]!.GetValue<string>();
        for (var i = 0; i < events; i++)
        {
            // Three instants, several events each: the list orders by when a delivery was made, then by its id.
            using (app.Time.Shift(TimeSpan.FromSeconds(i % 3)))
            {
                (await admin.PostAsync($"/webhooks/{hook}/test", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            }
        }

        return hook;
    }

    /// <summary>The subscription's deliveries as the list promises them: newest first, then by id, last first.</summary>
    private string[] NewestFirst(string hook)
    {
        using var connection = app.OpenDatabase();
        return Dapper.SqlMapper.Query<(long At, string Id)>(connection, "SELECT created_at, id FROM webhook_deliveries WHERE webhook_id = @hook", new { hook })
            .OrderByDescending(d => d.At).ThenByDescending(d => d.Id, StringComparer.Ordinal).Select(d => d.Id).ToArray();
    }

    [Fact]
    public async Task Paging_through_the_deliveries_gives_each_once_newest_first_with_a_Link_until_the_last_page()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hook = await SubscribeWithTestEventsAsync(receiver, 8);
        var admin = app.As("ld-platform", admin: true);

        var pages = await Pages.FollowAsync(admin, $"/webhooks/{hook}/deliveries?limit=3");

        pages.ShouldBeInPages($"/webhooks/{hook}/deliveries", 3, [3, 3, 2], "id", NewestFirst(hook));
    }

    [Fact]
    public async Task Without_a_limit_a_page_holds_100_deliveries_where_the_list_stopped_at_200()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hook = await SubscribeWithTestEventsAsync(receiver, 205);

        var pages = await Pages.FollowAsync(app.As("ld-platform", admin: true), $"/webhooks/{hook}/deliveries");

        pages.ShouldBeInPages($"/webhooks/{hook}/deliveries", 100, [100, 100, 5], "id", NewestFirst(hook));
    }
}
