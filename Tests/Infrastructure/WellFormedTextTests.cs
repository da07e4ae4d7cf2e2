using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InviteService.Infrastructure.Validation;
using InviteService.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace InviteService.Tests.Infrastructure;

/// <summary>
/// Text no store can keep (a NUL, which PostgreSQL refuses; an unpaired surrogate or bytes that are not UTF-8, which have
/// no UTF-8 form) is refused at the edge, wherever it comes: a body field at any depth, a query value, a path. Each is a
/// 4xx in the face's shape that names the field and writes nothing, on both stores; on PostgreSQL several were 500s.
/// </summary>
public sealed class WellFormedTextTests(InviteApp app) : IClassFixture<InviteApp>
{
    private sealed record World(string Owner, string Server, string Member, string Webhook);

    private async Task<World> WorldAsync(string prefix)
    {
        var (server, _) = await app.ServerWithMembersAsync(prefix + "-owner", prefix + "-member");
        var hook = await (await app.As(prefix + "-platform", admin: true).PostAsJsonAsync("/webhooks", new { url = "http://127.0.0.1:9/hook" })).ReadJsonAsync();
        return new World(prefix + "-owner", server, prefix + "-member", hook["webhook"]!["id"]!.GetValue<string>());
    }

    /// <summary>Every row the API writes, webhooks included: a refused request leaves it as it was.</summary>
    private string Everything() =>
        app.Fingerprint() + "\nwebhooks " + app.Scalar("SELECT COUNT(*) FROM webhooks") + " scoped " + app.Scalar("SELECT COUNT(*) FROM webhooks WHERE server_id IS NOT NULL OR events <> ''");

    private async Task<HttpResponseMessage> SendAsync(string user, bool admin, string method, string url, byte[]? body = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null) request.Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } };
        return await app.As(user, admin).SendAsync(request);
    }

    /// <summary>A body as JSON text (escapes as written) or, with <c>〈FF〉</c> standing for a byte, raw bytes that are not UTF-8.</summary>
    private static byte[] Body(string json)
    {
        var parts = json.Split("〈FF〉");
        return parts.Skip(1).Aggregate(Encoding.UTF8.GetBytes(parts[0]).AsEnumerable(), (bytes, part) => bytes.Append((byte)0xFF).Concat(Encoding.UTF8.GetBytes(part))).ToArray();
    }

    [Theory]
    [InlineData("POST", "/servers", """{"name": "Cool\u0000Server"}""", "name")]
    [InlineData("POST", "/servers", """{"name": "Cool\ud800Server"}""", "name")]
    [InlineData("POST", "/servers", """{"name": "Cool\udc00"}""", "name")]
    [InlineData("POST", "/servers", """{"name": "Cool〈FF〉Server"}""", "name")]
    [InlineData("PATCH", "/servers/{server}", """{"name": "fine", "vanity_code": "\u0000"}""", "vanity_code")]
    [InlineData("PATCH", "/servers/{server}/members/{member}", """{"roles": ["fine", "x\u0000"]}""", "roles")]
    [InlineData("PUT", "/servers/{server}/bans/{member}", """{"reason": "\ud83d"}""", "reason")]
    [InlineData("POST", "/webhooks", """{"url": "http://127.0.0.1:9/h", "server_id": "a\u0000b"}""", "server_id")]
    [InlineData("POST", "/webhooks", """{"url": "http://127.0.0.1:9/h", "server_id": "a\udfffb"}""", "server_id")]
    [InlineData("PATCH", "/webhooks/{webhook}", """{"server_id": "\u0000", "events": ["member.joined\u0000"]}""", "server_id", "events")]
    [InlineData("POST", "/servers", """{"name": "Fine", "\ud800": 1}""", "body")]
    [InlineData("POST", "/servers", """{"name": "\u0000", "icon_url": "javascript:alert(1)"}""", "name", "icon_url")]
    public async Task A_NUL_or_an_unpaired_surrogate_in_a_body_field_is_400_naming_the_field_and_writes_nothing(
        string method, string template, string json, params string[] fields)
    {
        var world = await WorldAsync("wf-" + Math.Abs((method + template + json).GetHashCode() % 100000));
        var admin = template.StartsWith("/webhooks", StringComparison.Ordinal);
        var url = template.Replace("{server}", world.Server).Replace("{member}", world.Member).Replace("{webhook}", world.Webhook);
        var before = Everything();

        var response = await SendAsync(admin ? "wf-platform" : world.Owner, admin, method, url, Body(json));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var problem = await response.ReadJsonAsync();
        problem["error"]!.GetValue<string>().ShouldBe("validation_failed");
        problem["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(fields.Order());
        if (fields[0] != "icon_url") problem["errors"]![fields[0]]![0]!.GetValue<string>().ShouldBe(TextRules.NotWellFormed);
        Everything().ShouldBe(before);
    }

    [Theory]
    [InlineData("""{"uses": 5, "expires": "\u0000"}""")]
    [InlineData("""{"uses": 5, "expires": "2030-01-01\ud800"}""")]
    public async Task The_Messenger_face_refuses_such_text_with_422_naming_the_field(string json)
    {
        var world = await WorldAsync("wf-m" + Math.Abs(json.GetHashCode() % 1000));
        var before = Everything();

        var response = await SendAsync(world.Owner, false, "POST", $"/api/messenger/threads/{world.Server}/invites", Body(json));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonAsync();
        body["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["expires"]);
        body["message"]!.GetValue<string>().ShouldBe(TextRules.NotWellFormed);
        Everything().ShouldBe(before);
    }

    [Fact]
    public async Task A_NUL_in_a_query_value_is_refused_naming_the_parameter_on_both_faces()
    {
        var world = await WorldAsync("wf-q");
        var owner = app.As("wf-q-owner");

        var members = await owner.GetAsync($"/servers/{world.Server}/members?limit=1%00");
        var invites = await owner.GetAsync($"/servers/{world.Server}/invites?after=%00");
        var thread = await owner.GetAsync($"/api/messenger/threads/{world.Server}/invites?limit=5%00");
        var unnamed = await owner.GetAsync($"/servers/{world.Server}/members?%00=1");

        foreach (var (response, field) in new[] { (members, "limit"), (invites, "after"), (unnamed, WellFormedRequestText.QueryField) })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, field);
            var problem = await response.ReadJsonAsync();
            problem["error"]!.GetValue<string>().ShouldBe("validation_failed");
            problem["errors"]![field]![0]!.GetValue<string>().ShouldBe(TextRules.NotWellFormed);
        }

        thread.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await thread.ReadJsonAsync())["errors"]!["limit"].ShouldNotBeNull();
    }

    /// <summary>
    /// Kestrel refuses <c>%00</c> in a path itself (next test), and the test client cannot send one; a request made in the
    /// server with such a path is what another server in front could hand over.
    /// </summary>
    [Theory]
    [InlineData("PUT", "/servers/{server}/bans/a\0b", false)]
    [InlineData("GET", "/servers/a\0b", false)]
    [InlineData("DELETE", "/servers/{server}/members/{member}\0", false)]
    [InlineData("GET", "/avatars/a\0b", false)]
    [InlineData("GET", "/images/user/a\0b/64/a.png", false)]
    [InlineData("GET", "/api/messenger/threads/a\0b/invites", true)]
    [InlineData("POST", "/api/messenger/join/a\0b", true)]
    public async Task A_NUL_in_the_path_is_404_in_the_face_shape_and_writes_nothing(string method, string template, bool messenger)
    {
        var world = await WorldAsync("wf-p" + Math.Abs(template.GetHashCode() % 10000));
        var path = template.Replace("{server}", world.Server).Replace("{member}", world.Member);
        var before = Everything();

        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Path = new PathString(path);
            c.Request.Headers.Authorization = "Bearer " + app.Token(world.Owner);
        });

        context.Response.StatusCode.ShouldBe(StatusCodes.Status404NotFound);
        var body = JsonNode.Parse(await new StreamReader(context.Response.Body).ReadToEndAsync())!;
        if (messenger) body["message"]!.GetValue<string>().ShouldBe("Not Found.");
        else body["error"]!.GetValue<string>().ShouldBe("not_found");
        Everything().ShouldBe(before);
    }

    [Fact]
    public async Task Kestrel_refuses_a_NUL_in_the_path_before_the_service_sees_it()
    {
        var database = TestStore.NewDatabase();
        try
        {
            await using var service = await ServiceProcess.StartAsync(database);
            using var response = await service.Http.SendAsync(ServiceProcess.As("wf-kestrel", HttpMethod.Put, "/servers/x/bans/a%00b", new { }));

            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        finally
        {
            await TestStore.DropAsync(database);
        }
    }
}
