using System.Net;
using System.Text.Json.Nodes;
using InviteService.Tests.Support;

namespace InviteService.Tests.Infrastructure;

[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class OpenApiTests(InviteApp app) : IClassFixture<InviteApp>
{
    /// <summary>Any change to a route, parameter or schema shows up as a diff of this snapshot.</summary>
    [Fact]
    public async Task The_openapi_document_is_served_anonymously_and_pinned()
    {
        var response = await app.As(null).GetAsync("/openapi/v1.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Snapshot.Verify(document);
    }

    [Fact]
    public async Task The_document_names_the_configured_address_whatever_the_host_header_and_is_not_cached()
    {
        await using var configured = new InviteApp().With("Invites:PublicBaseUrl", "https://invites.example.org/");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "attacker.example";

        var response = await configured.As(null).SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var servers = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["servers"]!.AsArray();
        servers.Select(s => s!["url"]!.GetValue<string>()).ShouldBe(["https://invites.example.org"]);
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

    [Fact]
    public async Task Every_operation_says_whether_it_needs_a_token_and_documents_the_pipeline_answers()
    {
        var document = JsonNode.Parse(await app.As(null).GetStringAsync("/openapi/v1.json"))!;
        document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>().ShouldBe("bearer");
        string[] anonymous =
        [
            "GET /invites/{code}", "GET /api/messenger/join/{code}", "GET /invite/{code}", "GET /invite/{code}/qr.svg", "GET /messenger/join/{code}",
            "GET /oembed", "GET /avatars/{userId}", "GET /api/messenger/images/user/{userId}/{size}/{file}", "GET /images/user/{userId}/{size}/{file}",
            "GET /health/live", "GET /health/ready",
        ];

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var name = $"{method.ToUpperInvariant()} {path}";
                operation!["summary"].ShouldNotBeNull(name);
                var responses = operation["responses"]!.AsObject();
                if (anonymous.Contains(name))
                {
                    operation["security"]!.AsArray().ShouldBeEmpty(name); // said, not left out
                    continue;
                }

                operation["security"]!.AsArray().Single()!["bearer"].ShouldNotBeNull(name);
                responses.ContainsKey("401").ShouldBeTrue(name);
                responses.ContainsKey("500").ShouldBeTrue(name);
                if (method != "get") responses.ContainsKey("429").ShouldBeTrue(name);
            }
        }

        var problem = document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!.AsObject();
        problem.Select(p => p.Key).ShouldContain("error");
        problem.Select(p => p.Key).ShouldContain("errors");
        problem.Select(p => p.Key).ShouldContain("trace_id");
        document["components"]!["schemas"]!["CreateInviteRequest"]!["required"].ShouldBeNull();
        document["components"]!["schemas"]!["UpdateServerRequest"]!["required"].ShouldBeNull();
        document["components"]!["schemas"]!["CreateInviteRequest"]!["properties"]!["max_age"]!["maximum"]!.GetValue<int>().ShouldBe(604800);
    }

    [Fact]
    public async Task Fields_and_bodies_that_refuse_null_do_not_offer_it()
    {
        var document = JsonNode.Parse(await app.As(null).GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]!["schemas"]!;

        string Type(JsonNode schema) => schema["type"]!.ToJsonString();
        Type(schemas["CreateServerRequest"]!["properties"]!["name"]!).ShouldBe("\"string\"");
        Type(schemas["CreateChannelRequest"]!["properties"]!["name"]!).ShouldBe("\"string\"");
        Type(schemas["WebhookRequest"]!["properties"]!["url"]!).ShouldBe("\"string\"");
        Type(schemas["MessengerCreateInviteRequest"]!["properties"]!["uses"]!).ShouldBe("\"integer\"");
        var raid = schemas["UpdateServerRequest"]!["properties"]!["raid_protection"]!;
        Type(raid).ShouldContain("null"); // null turns the brake off
        foreach (var member in new[] { "max_joins", "per_seconds", "pause_minutes" }) Type(raid["properties"]![member]!).ShouldBe("\"integer\"", member);
        // Left out, the same fields stay nullable where the service takes null: a PATCH's name, a create's icon.
        Type(schemas["UpdateServerRequest"]!["properties"]!["name"]!).ShouldContain("null");
        Type(schemas["CreateServerRequest"]!["properties"]!["icon_url"]!).ShouldContain("null");

        // A body whose absence is refused (422, uses is required) is required; one that may be left out is not.
        document["paths"]!["/api/messenger/threads/{thread}/invites"]!["post"]!["requestBody"]!["required"]!.GetValue<bool>().ShouldBeTrue();
        document["paths"]!["/channels/{id}/invites"]!["post"]!["requestBody"]!["required"].ShouldBeNull();
    }

    [Fact]
    public async Task Every_enum_is_one_named_component_that_fields_refer_to()
    {
        var document = JsonNode.Parse(await app.As(null).GetStringAsync("/openapi/v1.json"))!;
        var components = document["components"]!["schemas"]!.AsObject();

        var inline = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject schema)
            {
                if (schema.ContainsKey("enum") && !System.Text.RegularExpressions.Regex.IsMatch(path, "^/components/schemas/[^/]+$")) inline.Add(path);
                foreach (var (key, child) in schema) Walk(child, $"{path}/{key}");
            }
            else if (node is JsonArray items)
            {
                for (var i = 0; i < items.Count; i++) Walk(items[i], $"{path}/{i}");
            }
        }

        Walk(document, "");
        inline.ShouldBeEmpty();
        components["PermissionName"]!["enum"]!.AsArray().Count.ShouldBe(8);
        components["WebhookEventType"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldContain("member.joined");
        components["WebhookRequest"]!["properties"]!["events"]!["items"]!["$ref"]!.GetValue<string>().ShouldBe("#/components/schemas/WebhookEventType");
        components["WebhookPatch"]!["properties"]!["events"]!["items"]!["$ref"]!.GetValue<string>().ShouldBe("#/components/schemas/WebhookEventType");
        components["CreateChannelRequest"]!["properties"]!["type"]!["oneOf"]!.AsArray().Select(c => c!.ToJsonString())
            .ShouldBe(["{\"type\":\"null\"}", "{\"$ref\":\"#/components/schemas/ChannelType\"}"]);
    }

    [Fact]
    public async Task Timestamps_are_date_times()
    {
        var document = JsonNode.Parse(await app.As(null).GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]!["schemas"]!;

        foreach (var (schema, field) in new[]
                 {
                     ("ServerResponse", "created_at"), ("ServerResponse", "invites_paused_until"), ("ServerResponse", "raid_detected_at"),
                     ("HearthInvite", "expires_at"), ("MemberResponse", "joined_at"), ("MessengerInviteCreated", "updated_at"),
                     ("WebhookResponse", "failing_since"), ("ServerUpdated", "raid_detected_at"),
                 })
        {
            var format = schemas[schema]!["properties"]![field]!["format"]?.GetValue<string>();
            format.ShouldBe("date-time", $"{schema}.{field}");
        }
    }

    [Fact]
    public async Task Every_path_parameter_has_an_example()
    {
        var document = JsonNode.Parse(await app.As(null).GetStringAsync("/openapi/v1.json"))!;
        var parameters = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().SelectMany(o => o.Value!["parameters"]?.AsArray() ?? []).Select(x => (Path: p.Key, Parameter: x!)))
            .Where(x => x.Parameter["in"]!.GetValue<string>() == "path").ToList();
        parameters.ShouldNotBeEmpty();
        parameters.Where(x => x.Parameter["example"] is null).Select(x => $"{x.Path} {x.Parameter["name"]}").ShouldBeEmpty();
    }

    [Fact]
    public async Task Answers_declare_their_headers()
    {
        var document = JsonNode.Parse(await app.As(null).GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!;

        foreach (var (path, item) in paths.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var responses = operation!["responses"]!;
                var name = $"{method} {path}";
                if (responses["429"] is { } limited) limited["headers"]!["Retry-After"]!["required"]!.GetValue<bool>().ShouldBeTrue(name);
                if (responses["201"] is { } created && name != "post /api/messenger/join/{code}") created["headers"]!["Location"].ShouldNotBeNull(name);
            }
        }

        paths["/api/messenger/join/{code}"]!["post"]!["responses"]!["201"]!["headers"].ShouldBeNull(); // the seed's join has none
        paths["/servers/{id}/members"]!["get"]!["responses"]!["200"]!["headers"]!["Link"].ShouldNotBeNull();
        paths["/channels/{id}/invites"]!["post"]!["responses"]!["503"]!["headers"]!["Retry-After"].ShouldNotBeNull();
        document["components"]!["responses"]!["MethodNotAllowed"]!["headers"]!["Allow"]!["required"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task A_method_a_path_lacks_is_405_with_allow_as_the_document_says()
    {
        var response = await app.As(null).PutAsync("/invites/abc123xy", null);

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldBe(["GET", "POST", "DELETE"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_api_reference_at_docs_is_served_by_this_process_with_no_outside_address()
    {
        var page = await app.As(null).GetAsync("/docs/");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        var sources = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        sources.ShouldNotBeEmpty();
        sources.ShouldAllBe(s => !s.Contains("//"), "every script and style comes from this process");
        html.ShouldContain("openapi/v1.json");
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldContain("default-src 'none'");
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldNotContain("script-src 'self' 'unsafe-inline'");
        page.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        page.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        page.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
        // Each script tag carries this response's nonce, which the policy names.
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>").ShouldAllBe(tag => tag.Value.Contains($"nonce=\"{nonce}\""));
        foreach (var source in sources)
        {
            (await app.As(null).GetAsync("/docs/" + source)).StatusCode.ShouldBe(HttpStatusCode.OK, source);
        }
    }

    [Fact]
    public async Task The_seed_examples_in_the_document_match_its_own_schemas()
    {
        var document = JsonNode.Parse(await app.As(null).GetStringAsync("/openapi/v1.json"))!.AsObject();
        var checkedExamples = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var bodies = operation!["responses"]!.AsObject().Select(r => (Where: r.Key, r.Value!["content"]))
                    .Append((Where: "request", operation["requestBody"]?["content"]));
                foreach (var (where, content) in bodies)
                {
                    foreach (var (_, media) in content?.AsObject() ?? [])
                    {
                        if (media!["example"] is not { } example) continue;
                        var errors = ContractConformance.Compile(media["schema"]!, document).Validate(example.ToJsonString());
                        errors.ShouldBeEmpty($"{method} {path} {where}: {string.Join("; ", errors.Select(e => $"{e.Path} {e.Kind}"))}");
                        checkedExamples++;
                    }
                }
            }
        }

        checkedExamples.ShouldBe(11);
    }
}
