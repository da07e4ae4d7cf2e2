using System.Net;
using System.Net.Http.Json;
using System.Text;
using InviteService.Features.Invites;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Invites;

public sealed class CreateInviteTests(InviteApp app) : IClassFixture<InviteApp>
{
    private async Task<(string Server, string Channel)> Server(string owner) => await app.CreateServerAsync(owner);

    [Fact]
    public async Task Empty_body_means_all_defaults()
    {
        var (_, channel) = await Server("c-owner1");

        var response = await app.As("c-owner1").PostAsync($"/channels/{channel}/invites", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.ReadJsonAsync();
        body["max_uses"]!.GetValue<int>().ShouldBe(0);
        body["temporary"]!.GetValue<bool>().ShouldBeFalse();
        var created = DateTimeOffset.Parse(body["created_at"]!.GetValue<string>());
        DateTimeOffset.Parse(body["expires_at"]!.GetValue<string>()).ShouldBe(created.AddSeconds(86400));
        response.Headers.Location!.ToString().ShouldBe($"/invites/{body["code"]!.GetValue<string>()}");
    }

    [Fact]
    public async Task Empty_json_object_means_all_defaults_and_zero_max_age_never_expires()
    {
        var (_, channel) = await Server("c-owner2");

        var defaults = await app.As("c-owner2").PostJsonTextAsync($"/channels/{channel}/invites", "{}");
        var never = await app.As("c-owner2").PostAsJsonAsync($"/channels/{channel}/invites", new { max_age = 0 });

        defaults.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await never.ReadJsonAsync())["expires_at"].ShouldBeNull();
    }

    [Theory]
    [InlineData(-1, 0, HttpStatusCode.BadRequest)]
    [InlineData(0, 0, HttpStatusCode.Created)]
    [InlineData(604800, 0, HttpStatusCode.Created)]
    [InlineData(604801, 0, HttpStatusCode.BadRequest)]
    [InlineData(60, -1, HttpStatusCode.BadRequest)]
    [InlineData(60, 0, HttpStatusCode.Created)]
    [InlineData(60, 100, HttpStatusCode.Created)]
    [InlineData(60, 101, HttpStatusCode.BadRequest)]
    public async Task Boundaries_of_max_age_and_max_uses(int maxAge, int maxUses, HttpStatusCode expected)
    {
        var (_, channel) = await Server($"c-bound-{maxAge}-{maxUses}");
        var before = app.Scalar("SELECT COUNT(*) FROM invites");

        var response = await app.As($"c-bound-{maxAge}-{maxUses}").PostAsJsonAsync($"/channels/{channel}/invites", new { max_age = maxAge, max_uses = maxUses });

        response.StatusCode.ShouldBe(expected);
        app.Scalar("SELECT COUNT(*) FROM invites").ShouldBe(before + (expected == HttpStatusCode.Created ? 1 : 0));
        if (expected == HttpStatusCode.BadRequest)
        {
            var body = await response.ReadJsonAsync();
            body["error"]!.GetValue<string>().ShouldBe("validation_failed");
            body["errors"]!.AsObject().Select(p => p.Key).ShouldBe([maxUses is < 0 or > 100 ? "max_uses" : "max_age"]);
        }
    }

    [Theory]
    [InlineData("{\"max_age\": \"soon\"}", "max_age")]
    [InlineData("{\"max_uses\": 1.5}", "max_uses")]
    [InlineData("{\"max_uses\": 99999999999999999999}", "max_uses")]
    [InlineData("{\"temporary\": \"yes\"}", "temporary")]
    [InlineData("{\"temporary\": 1}", "temporary")]
    [InlineData("[1, 2, 3]", "body")]
    [InlineData("\"just a string\"", "body")]
    [InlineData("{\"max_age\": ", "max_age")]
    [InlineData("not json at all", "body")]
    public async Task Wrong_json_is_400_validation_failed_naming_the_field_and_writes_nothing(string json, string field)
    {
        var (_, channel) = await Server("c-owner3");
        var before = app.Fingerprint();

        var response = await app.As("c-owner3").PostJsonTextAsync($"/channels/{channel}/invites", json);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await response.ReadJsonAsync();
        body["error"]!.GetValue<string>().ShouldBe("validation_failed");
        body["errors"]![field].ShouldNotBeNull();
        app.Fingerprint().ShouldBe(before);
    }

    [Theory]
    [InlineData("{\"max_age\": \"x\", \"max_uses\": []}")]
    [InlineData("{\"max_age\": \"x\", \"max_uses\": 101, \"temporary\": \"yes\"}")]
    [InlineData("{\"temporary\": 1, \"max_age\": -1}")]
    public async Task Every_failing_field_is_named_with_the_message_it_gets_alone(string json)
    {
        var (_, channel) = await Server("c-owner9");
        var client = app.As("c-owner9");
        var fields = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        var before = app.Fingerprint();

        var response = await client.PostJsonTextAsync($"/channels/{channel}/invites", json);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(fields.Select(f => f.Key), ignoreOrder: true);
        foreach (var (field, value) in fields)
        {
            var alone = await client.PostJsonTextAsync($"/channels/{channel}/invites", $"{{\"{field}\": {value!.ToJsonString()}}}");
            errors[field]!.ToJsonString().ShouldBe((await alone.ReadJsonAsync())["errors"]![field]!.ToJsonString(), field);
        }

        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task Wrong_content_type_is_415_in_problem_json()
    {
        var (_, channel) = await Server("c-owner4");
        var before = app.Fingerprint();

        var response = await app.As("c-owner4").PostAsync($"/channels/{channel}/invites", new StringContent("max_age=10", Encoding.UTF8, "application/x-www-form-urlencoded"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await response.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("unsupported_media_type");
        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task Oversize_body_is_413_and_writes_nothing()
    {
        var (_, channel) = await Server("c-owner5");
        var before = app.Fingerprint();
        var huge = "{\"max_age\": 60, \"padding\": \"" + new string('x', 17 * 1024) + "\"}";

        var response = await app.As("c-owner5").PostJsonTextAsync($"/channels/{channel}/invites", huge);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("payload_too_large");
        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task Unknown_channel_is_404()
    {
        var response = await app.As("c-owner6").PostAsJsonAsync($"/channels/{Guid.NewGuid()}/invites", new { });

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("not_found");
    }

    [Fact]
    public async Task Max_invites_counts_only_active_invites()
    {
        var (server, channel) = await Server("c-owner7");
        (await app.As("c-owner7").PatchAsJsonAsync($"/servers/{server}", new { max_invites = 2 })).EnsureSuccessStatusCode();
        var first = await app.CreateInviteAsync("c-owner7", channel);
        await app.CreateInviteAsync("c-owner7", channel, new { max_uses = 1 });

        var atCap = await app.As("c-owner7").PostAsJsonAsync($"/channels/{channel}/invites", new { });
        atCap.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await atCap.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("max_invites");

        await app.As("c-owner7").DeleteAsync($"/invites/{first}");
        (await app.As("c-owner7").PostAsJsonAsync($"/channels/{channel}/invites", new { })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Generated_codes_are_ten_characters_from_the_unambiguous_alphabet_and_unique()
    {
        var (server, channel) = await Server("c-owner8");
        (await app.As("c-owner8").PatchAsJsonAsync($"/servers/{server}", new { max_invites = 0 })).EnsureSuccessStatusCode();
        var codes = new List<string>();
        for (var i = 0; i < 40; i++) codes.Add(await app.CreateInviteAsync("c-owner8", channel));

        codes.ShouldAllBe(c => c.Length == 10 && c.All(ch => InviteOptions.Alphabet.Contains(ch)));
        codes.Distinct().Count().ShouldBe(codes.Count);
        string.Concat(codes).IndexOfAny(['0', 'O', '1', 'l', 'I']).ShouldBe(-1);
    }
}
