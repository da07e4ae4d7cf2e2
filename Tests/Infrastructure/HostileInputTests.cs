using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InviteService.Tests.Support;

namespace InviteService.Tests.Infrastructure;

/// <summary>
/// Walks every route of the OpenAPI document and sends it hostile bodies and path values: no answer may be a 5xx, every
/// refusal is in its face's error shape, and a refused request leaves the database exactly as it was.
/// </summary>
public sealed class HostileInputTests(InviteApp app) : IClassFixture<InviteApp>
{
    private static readonly string Megabyte = new('x', 1024 * 1024);
    private static readonly string Deep = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);

    private static readonly (string Name, string Body, string ContentType)[] Bodies =
    [
        ("not json", "this is not json", "application/json"),
        ("array", "[1, 2, 3]", "application/json"),
        ("null", "null", "application/json"),
        ("string", "\"hello\"", "application/json"),
        ("huge number", "123456789012345678901234567890", "application/json"),
        ("wrong types", """{"name": 12, "max_age": "x", "max_uses": [], "temporary": "yes", "uses": {}, "expires": [1], "permissions": "ALL", "roles": 5, "reason": false, "invites_enabled": "no", "features": "VANITY_URL", "vanity_code": 7, "invites_paused_until": "soon", "icon_url": [], "type": 3, "default_permissions": {}, "max_invites": "many"}""", "application/json"),
        ("huge numbers", """{"max_age": 1e308, "max_uses": 99999999999999999999, "uses": -99999999999999999999, "max_invites": 1e400, "expires": 1e30}""", "application/json"),
        ("nulls", """{"name": null, "max_age": null, "uses": null, "permissions": null, "roles": [null], "default_permissions": [null], "features": [null], "vanity_code": null}""", "application/json"),
        ("1 MB string", "{\"name\": \"" + Megabyte + "\", \"reason\": \"" + Megabyte + "\"}", "application/json"),
        ("deep nesting", Deep, "application/json"),
        ("control characters", """{"name": "\u0000\u0007bad\u001b[31m", "reason": "\u0000", "vanity_code": "\u0000abc", "roles": ["\u0000"], "type": "text\u0000", "icon_url": "\u202Eevil"}""", "application/json"),
        ("text no store keeps", """{"name": "\ud800", "reason": "x\udc00", "vanity_code": "\u0000", "roles": ["\ud800"], "type": "\u0000", "icon_url": "https://x.example/\u0000", "url": "\ud800", "server_id": "\u0000", "events": ["\udfff"], "expires": "\ud800", "uses": 1, "\ud800": 1}""", "application/json"),
        ("sql", """{"name": "'; DROP TABLE invites; --", "vanity_code": "' OR 1=1 --", "reason": "\" OR \"\"=\"", "roles": ["'; DELETE FROM members; --"], "type": "text' OR '1'='1"}""", "application/json"),
        ("form", "name=x&max_age=1", "application/x-www-form-urlencoded"),
        ("text", "{}", "text/plain"),
    ];

    private static readonly string[] HostilePathValues =
    [
        "'; DROP TABLE invites; --",
        new string('x', 3000),
        "%E2%80%AE%F0%9F%98%80",
        "..%2F..%2Fetc",
        "-1",
        "99999999999999999999",
        "%20",
        "null",
    ];

    private sealed record World(string Server, string Channel, string Code, string InviteId, string Member, string Webhook, string Delivery);

    private async Task<World> BuildWorld()
    {
        var (server, channel) = await app.ServerWithMembersAsync("hx-owner", "hx-member");
        var admin = app.As("hx-platform", admin: true);
        var hook = await (await admin.PostAsJsonAsync("/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "invite.created" } })).ReadJsonAsync();
        var webhook = hook["webhook"]!["id"]!.GetValue<string>();
        var code = await app.CreateInviteAsync("hx-owner", channel, new { max_age = 0 });
        var delivery = (await (await admin.GetAsync($"/webhooks/{webhook}/deliveries")).ReadJsonAsync())[0]!["id"]!.GetValue<string>();
        var list = await (await app.As("hx-owner").GetAsync($"/api/messenger/threads/{server}/invites")).ReadJsonAsync();
        var inviteId = list["data"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == code)!["id"]!.GetValue<string>();
        return new World(server, channel, code, inviteId, "hx-member", webhook, delivery);
    }

    private static string ValidValue(string path, string parameter, World world) => parameter switch
    {
        "id" when path.StartsWith("/channels", StringComparison.Ordinal) => world.Channel,
        "id" when path.StartsWith("/webhooks", StringComparison.Ordinal) => world.Webhook,
        "deliveryId" => world.Delivery,
        "id" or "thread" => world.Server,
        "code" => world.Code,
        "invite" => world.InviteId,
        "userId" => world.Member,
        "size" => "sm",
        "file" => "avatar.png",
        _ => throw new InvalidOperationException($"no valid value for {{{parameter}}} in {path}: teach the sweep about it"),
    };

    private static IEnumerable<(string Label, string Url)> Urls(string template, World world)
    {
        var parameters = System.Text.RegularExpressions.Regex.Matches(template, @"\{(\w+)\}").Select(m => m.Groups[1].Value).ToList();
        string Fill(string? hostileFor, string hostile) => parameters.Aggregate(template, (url, p) =>
            url.Replace("{" + p + "}", p == hostileFor ? hostile : Uri.EscapeDataString(ValidValue(template, p, world))));

        yield return ("valid path", Fill(null, ""));
        foreach (var parameter in parameters)
        foreach (var hostile in HostilePathValues)
            yield return ($"{{{parameter}}} = {hostile[..Math.Min(hostile.Length, 20)]}", Fill(parameter, hostile));
    }

    [Fact]
    public async Task Every_route_refuses_hostile_input_with_a_4xx_in_its_face_shape_and_writes_nothing()
    {
        var world = await BuildWorld();
        var document = JsonNode.Parse(await app.As(null).GetStringAsync("/openapi/v1.json"))!;
        var client = app.As("hx-owner");
        var problems = new List<string>();
        var sent = 0;

        foreach (var (template, operations) in document["paths"]!.AsObject())
        foreach (var (method, _) in operations!.AsObject())
        foreach (var (label, url) in Urls(template, world))
        {
            var bodies = label == "valid path" ? Bodies : Bodies.Where(b => b.Name is "wrong types" or "not json");
            foreach (var (name, body, contentType) in method == "get" ? [("no body", "", "")] : bodies)
            {
                var before = app.Fingerprint();
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
                if (body.Length > 0) request.Content = new StringContent(body, Encoding.UTF8, contentType);
                var response = await client.SendAsync(request);
                sent++;
                var status = (int)response.StatusCode;
                var where = $"{method.ToUpperInvariant()} {template} [{label}] body: {name} -> {status}";
                if (status >= 500)
                {
                    problems.Add(where + " " + await response.Content.ReadAsStringAsync());
                    continue;
                }

                if (status < 400) continue;
                if (app.Fingerprint() != before) problems.Add(where + ": refused but the database changed");
                var text = await response.Content.ReadAsStringAsync();
                // The invite page's routes (its own and a face's web route) refuse with the page.
                var page = InviteService.Features.LandingPage.LandingPageModule.PagePrefixes.Any(p => template.StartsWith(p, StringComparison.Ordinal));
                var json = text.Length == 0 || page ? null : JsonNode.Parse(text);
                var shaped = page ? response.Content.Headers.ContentType?.MediaType == "text/html"
                    : template.StartsWith("/api/messenger", StringComparison.Ordinal)
                    ? json?["message"] is not null
                    : json?["error"] is not null && response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                if (!shaped) problems.Add(where + ": refusal not in the face's error shape: " + text[..Math.Min(200, text.Length)]);
            }
        }

        sent.ShouldBeGreaterThan(500);
        problems.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/servers", "{\"name\": \"bad\\u0000name\"}")]
    [InlineData("/servers", "{\"name\": \"\\u202Egnp.exe\"}")]
    public async Task Control_characters_in_names_are_refused(string url, string json)
    {
        var response = await app.As("hx-names").PostJsonTextAsync(url, json);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!["name"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Sql_meta_characters_are_stored_as_text()
    {
        var response = await app.As("hx-sql").PostAsJsonAsync("/servers", new { name = "Robert'); DROP TABLE servers;--" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.ReadJsonAsync())["name"]!.GetValue<string>().ShouldBe("Robert'); DROP TABLE servers;--");
        app.Scalar(TestStore.TableCountSql, new { Name = "servers" }).ShouldBe(1);
    }
}
