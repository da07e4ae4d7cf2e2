using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InviteService.Tests.Support;

namespace InviteService.Tests.Infrastructure;

/// <summary>
/// Bodies are judged field by field on every route that takes one (the invite routes' own tests hold the two faces' create
/// bodies to this): a value of the wrong JSON type no longer hides the other fields, and each failing field carries the
/// message it gets when it fails alone.
/// </summary>
public sealed class JsonBodyTests(InviteApp app) : IClassFixture<InviteApp>
{
    private sealed record World(string Server, string Webhook);

    private async Task<World> WorldAsync()
    {
        var (server, _) = await app.ServerWithMembersAsync("jb-owner", "jb-member");
        var hook = await (await app.As("jb-platform", admin: true).PostAsJsonAsync("/webhooks", new { url = "http://127.0.0.1:9/hook" })).ReadJsonAsync();
        return new World(server, hook["webhook"]!["id"]!.GetValue<string>());
    }

    private static string Url(string template, World world) => template
        .Replace("{server}", world.Server).Replace("{webhook}", world.Webhook).Replace("{member}", "jb-member");

    private async Task<JsonObject> RefusedAsync(string method, string url, JsonObject body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        var response = await app.As(url.StartsWith("/webhooks") ? "jb-platform" : "jb-owner", admin: url.StartsWith("/webhooks")).SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{method} {url} {body.ToJsonString()}");
        var problem = (await response.ReadJsonAsync()).AsObject();
        problem["error"]!.GetValue<string>().ShouldBe("validation_failed");
        return problem["errors"]!.AsObject();
    }

    [Theory]
    [InlineData("POST", "/servers", """{"name": 12, "icon_url": []}""")]
    [InlineData("PATCH", "/servers/{server}", """{"max_invites": "many", "invites_enabled": "no", "features": "VANITY_URL", "invites_paused_until": "soon"}""")]
    [InlineData("POST", "/servers/{server}/channels", """{"name": 5, "type": 3}""")]
    [InlineData("PATCH", "/servers/{server}/members/{member}", """{"permissions": "ALL", "roles": 5}""")]
    [InlineData("PUT", "/servers/{server}/bans/{member}", """{"reason": false, "unknown": [1]}""")]
    [InlineData("POST", "/webhooks", """{"url": 5, "events": "member.joined", "server_id": []}""")]
    [InlineData("PATCH", "/webhooks/{webhook}", """{"url": [], "events": {}, "disabled": "no"}""")]
    public async Task Every_field_of_the_wrong_type_is_named_with_the_message_it_gets_alone(string method, string template, string json)
    {
        var world = await WorldAsync();
        var url = Url(template, world);
        var body = JsonNode.Parse(json)!.AsObject();
        var fields = body.Select(p => p.Key).Where(k => k != "unknown").ToArray();
        var before = app.Fingerprint();

        var errors = await RefusedAsync(method, url, body);

        errors.Select(e => e.Key).ShouldBe(fields, ignoreOrder: true);
        foreach (var field in fields)
        {
            var alone = await RefusedAsync(method, url, new JsonObject { [field] = body[field]!.DeepClone() });
            errors[field]!.ToJsonString().ShouldBe(alone[field]!.ToJsonString(), field);
        }

        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_and_a_broken_rule_on_another_are_both_named()
    {
        var world = await WorldAsync();
        var url = Url("/servers/{server}", world);

        var errors = await RefusedAsync("PATCH", url, new JsonObject { ["max_invites"] = "many", ["name"] = "", ["vanity_code"] = "NO SPACES" });

        errors.Select(e => e.Key).ShouldBe(["max_invites", "name", "vanity_code"], ignoreOrder: true);
        errors["name"]!.ToJsonString().ShouldBe((await RefusedAsync("PATCH", url, new JsonObject { ["name"] = "" }))["name"]!.ToJsonString());
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_named_once_and_its_own_rules_do_not_run()
    {
        await WorldAsync();

        var errors = await RefusedAsync("POST", "/servers", new JsonObject { ["name"] = 12 });

        // Read as missing, the name would also be "required": one message, the wrong type's, says what is wrong.
        errors.Select(e => e.Key).ShouldBe(["name"]);
        errors["name"]!.AsArray().Count.ShouldBe(1);
        errors["name"]!.ToJsonString().ShouldBe((await RefusedAsync("POST", "/servers", new JsonObject { ["name"] = true }))["name"]!.ToJsonString());
    }
}
