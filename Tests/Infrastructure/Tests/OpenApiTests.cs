using System.Net;
using System.Text.Json.Nodes;
using InviteService.Tests.Infrastructure;

namespace InviteService.Tests.Infrastructure.Tests;

public sealed class OpenApiTests(InviteApp app) : IClassFixture<InviteApp>
{
    /// <summary>Any change to a route, parameter or schema shows up as a diff of this snapshot.</summary>
    [Fact]
    public async Task The_openapi_document_is_served_anonymously_and_pinned()
    {
        var response = await app.As(null).GetAsync("/openapi/v1.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        document.AsObject().Remove("servers"); // the test host's address
        Snapshot.Verify(document);
    }

    [Fact]
    public async Task Every_hearth_route_of_the_seed_is_in_the_document()
    {
        var document = JsonNode.Parse(await app.As(null).GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();

        paths["/invites/{code}"]!.AsObject().Select(p => p.Key).ShouldBe(["get", "post", "delete"], ignoreOrder: true);
        paths["/channels/{id}/invites"]!["post"].ShouldNotBeNull();
        paths["/servers/{id}/invites"]!["get"].ShouldNotBeNull();
    }
}
