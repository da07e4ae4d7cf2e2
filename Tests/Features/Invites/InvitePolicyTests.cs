using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Invites;

/// <summary>
/// A server's invite policy (#23): ceilings on lifetime and uses, never-expiring invites allowed or not, and the default
/// lifetime, set on PATCH /servers/{id} and held on creation on both faces; invites made before stay as they are.
/// </summary>
public sealed class InvitePolicyTests(InviteApp app) : IClassFixture<InviteApp>
{
    private async Task<(string Server, string Channel)> ServerWithPolicyAsync(string owner, object policy)
    {
        var (server, channel) = await app.CreateServerAsync(owner);
        var response = await app.As(owner).PatchAsJsonAsync($"/servers/{server}", new { invite_policy = policy });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (server, channel);
    }

    private static Task<HttpResponseMessage> PatchJsonAsync(HttpClient client, string url, string json) =>
        client.PatchAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    private static async Task<JsonObject> ErrorsAsync(HttpResponseMessage response) => (await response.ReadJsonAsync())["errors"]!.AsObject();

    [Fact]
    public async Task The_policy_is_set_field_by_field_shown_on_the_server_and_null_lifts_a_ceiling()
    {
        var (server, _) = await app.CreateServerAsync("ip-owner1");

        var set = await app.As("ip-owner1").PatchAsJsonAsync($"/servers/{server}",
            new { invite_policy = new { max_age_ceiling = 3600, allow_never_expiring = false, max_uses_ceiling = 10, default_max_age = 1800 } });
        var partly = await PatchJsonAsync(app.As("ip-owner1"), $"/servers/{server}", """{"invite_policy": {"max_uses_ceiling": null}}""");
        var untouched = await app.As("ip-owner1").PatchAsJsonAsync($"/servers/{server}", new { name = "Renamed" });

        (await set.ReadJsonAsync())["invite_policy"]!.ToJsonString()
            .ShouldBe("""{"max_age_ceiling":3600,"allow_never_expiring":false,"max_uses_ceiling":10,"default_max_age":1800}""");
        (await partly.ReadJsonAsync())["invite_policy"]!.ToJsonString()
            .ShouldBe("""{"max_age_ceiling":3600,"allow_never_expiring":false,"max_uses_ceiling":null,"default_max_age":1800}""");
        (await untouched.ReadJsonAsync())["invite_policy"]!.ToJsonString()
            .ShouldBe("""{"max_age_ceiling":3600,"allow_never_expiring":false,"max_uses_ceiling":null,"default_max_age":1800}""");
        var shown = await (await app.As("ip-owner1").GetAsync($"/servers/{server}")).ReadJsonAsync();
        shown["invite_policy"]!.ToJsonString()
            .ShouldBe("""{"max_age_ceiling":3600,"allow_never_expiring":false,"max_uses_ceiling":null,"default_max_age":1800}""");
    }

    public static TheoryData<string, string> InvalidPolicies => new()
    {
        { """{"max_age_ceiling": 0}""", "invite_policy.max_age_ceiling" },
        { """{"max_age_ceiling": 31536001}""", "invite_policy.max_age_ceiling" },
        { """{"max_uses_ceiling": 101}""", "invite_policy.max_uses_ceiling" },
        { """{"default_max_age": 604801}""", "invite_policy.default_max_age" },
        { """{"max_age_ceiling": 600, "default_max_age": 601}""", "invite_policy.default_max_age" },
    };

    [Theory]
    [MemberData(nameof(InvalidPolicies))]
    public async Task A_policy_outside_its_ranges_is_refused_naming_the_field(string policy, string field)
    {
        var (server, _) = await app.CreateServerAsync("ip-owner2");
        var before = app.Fingerprint();

        var response = await PatchJsonAsync(app.As("ip-owner2"), $"/servers/{server}", $$"""{"invite_policy": {{policy}}}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorsAsync(response)).Select(e => e.Key).ShouldBe([field]);
        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task Only_MANAGE_SERVER_sets_the_policy()
    {
        var (server, _) = await app.ServerWithMembersAsync("ip-owner3", "ip-member3");
        await app.GrantAsync("ip-owner3", server, "ip-member3", "MANAGE_INVITES");
        var before = app.Fingerprint();

        var response = await app.As("ip-member3").PatchAsJsonAsync($"/servers/{server}", new { invite_policy = new { max_uses_ceiling = 1 } });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("no_permission");
        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task Hearth_refuses_each_field_outside_the_policy_with_400_naming_it_and_its_limit()
    {
        var (_, channel) = await ServerWithPolicyAsync("ip-owner4", new { max_age_ceiling = 3600, allow_never_expiring = false, max_uses_ceiling = 10 });
        var owner = app.As("ip-owner4");
        var before = app.Fingerprint();

        var tooLong = await owner.PostAsJsonAsync($"/channels/{channel}/invites", new { max_age = 3601, max_uses = 5 });
        var never = await owner.PostAsJsonAsync($"/channels/{channel}/invites", new { max_age = 0, max_uses = 5 });
        var tooMany = await owner.PostAsJsonAsync($"/channels/{channel}/invites", new { max_age = 60, max_uses = 11 });
        var unlimited = await owner.PostAsJsonAsync($"/channels/{channel}/invites", new { max_age = 0, max_uses = 0 });

        foreach (var refused in new[] { tooLong, never, tooMany, unlimited })
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        (await tooLong.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("validation_failed");
        (await ErrorsAsync(tooLong))["max_age"]![0]!.GetValue<string>().ShouldContain("3600");
        (await ErrorsAsync(never))["max_age"]![0]!.GetValue<string>().ShouldContain("never-expiring");
        (await ErrorsAsync(tooMany))["max_uses"]![0]!.GetValue<string>().ShouldContain("10");
        (await ErrorsAsync(unlimited)).Select(e => e.Key).ShouldBe(["max_age", "max_uses"], ignoreOrder: true);
        app.Fingerprint().ShouldBe(before);

        (await owner.PostAsJsonAsync($"/channels/{channel}/invites", new { max_age = 3600, max_uses = 10 })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Left_out_fields_take_the_default_lifetime_and_the_ceilings()
    {
        var (server, channel) = await ServerWithPolicyAsync("ip-owner5", new { default_max_age = 1800, max_uses_ceiling = 10 });

        var defaults = await (await app.As("ip-owner5").PostAsync($"/channels/{channel}/invites", null)).ReadJsonAsync();

        var created = DateTimeOffset.Parse(defaults["created_at"]!.GetValue<string>());
        DateTimeOffset.Parse(defaults["expires_at"]!.GetValue<string>()).ShouldBe(created.AddSeconds(1800));
        defaults["max_uses"]!.GetValue<int>().ShouldBe(10);

        // Without a default, the face's own (a day) is cut to the ceiling.
        (await app.As("ip-owner5").PatchAsJsonAsync($"/servers/{server}", new { invite_policy = new { default_max_age = (int?)null, max_age_ceiling = 600 } }))
            .EnsureSuccessStatusCode();
        var capped = await (await app.As("ip-owner5").PostJsonTextAsync($"/channels/{channel}/invites", "{}")).ReadJsonAsync();
        DateTimeOffset.Parse(capped["expires_at"]!.GetValue<string>()).ShouldBe(DateTimeOffset.Parse(capped["created_at"]!.GetValue<string>()).AddSeconds(600));
    }

    [Fact]
    public async Task Existing_invites_are_left_alone()
    {
        var (server, channel) = await app.CreateServerAsync("ip-owner6");
        var never = await app.CreateInviteAsync("ip-owner6", channel, new { max_age = 0, max_uses = 0 });

        (await app.As("ip-owner6").PatchAsJsonAsync($"/servers/{server}", new { invite_policy = new { allow_never_expiring = false, max_uses_ceiling = 5 } }))
            .EnsureSuccessStatusCode();

        var listed = (await (await app.As("ip-owner6").GetAsync($"/servers/{server}/invites")).ReadJsonAsync()).AsArray().Single()!;
        listed["expires_at"].ShouldBeNull();
        listed["max_uses"]!.GetValue<int>().ShouldBe(0);
        await app.JoinAsync("ip-bob6", never);
    }

    [Fact]
    public async Task Messenger_refuses_presets_dates_and_uses_outside_the_policy_with_422()
    {
        var (thread, _) = await ServerWithPolicyAsync("ip-owner7", new { max_age_ceiling = 86400, allow_never_expiring = false, max_uses_ceiling = 10 });
        var owner = app.As("ip-owner7");
        var url = $"/api/messenger/threads/{thread}/invites";
        var before = app.Fingerprint();

        var week = await owner.PostAsJsonAsync(url, new { uses = 5, expires = 6 });
        var date = await owner.PostAsJsonAsync(url, new { uses = 5, expires = app.Time.GetUtcNow().AddDays(2).ToString("yyyy-MM-ddTHH:mm:ssZ") });
        var never = await owner.PostAsJsonAsync(url, new { uses = 5, expires = 0 });
        var leftOut = await owner.PostAsJsonAsync(url, new { uses = 5 });
        var unlimited = await owner.PostAsJsonAsync(url, new { uses = 0, expires = 5 });

        foreach (var refused in new[] { week, date, never, leftOut, unlimited })
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        }

        (await ErrorsAsync(week))["expires"]![0]!.GetValue<string>().ShouldBe("The expires must be a date within 86400 seconds from now.");
        (await ErrorsAsync(date))["expires"]![0]!.GetValue<string>().ShouldBe("The expires must be a date within 86400 seconds from now.");
        (await ErrorsAsync(never))["expires"]![0]!.GetValue<string>().ShouldBe("The selected expires is invalid: invites on this thread must expire.");
        (await ErrorsAsync(leftOut))["expires"]![0]!.GetValue<string>().ShouldBe("The expires field is required.");
        (await ErrorsAsync(unlimited))["uses"]![0]!.GetValue<string>().ShouldBe("The uses must be between 1 and 10.");
        (await unlimited.ReadJsonAsync())["message"]!.GetValue<string>().ShouldBe("The uses must be between 1 and 10.");
        app.Fingerprint().ShouldBe(before);

        (await owner.PostAsJsonAsync(url, new { uses = 10, expires = 5 })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Messenger_takes_the_default_lifetime_when_expires_is_left_out()
    {
        var (thread, _) = await ServerWithPolicyAsync("ip-owner8", new { allow_never_expiring = false, default_max_age = 3600 });

        var response = await app.As("ip-owner8").PostAsJsonAsync($"/api/messenger/threads/{thread}/invites", new { uses = 1 });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var invite = await response.ReadJsonAsync();
        DateTimeOffset.Parse(invite["expires_at"]!.GetValue<string>()).ShouldBe(DateTimeOffset.Parse(invite["created_at"]!.GetValue<string>()).AddSeconds(3600));
    }
}
