using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Invites;

/// <summary>
/// Invite options on the Hearth face (#23): a name for admins, roles granted on join, and invites restricted to listed
/// users. Each shows only on invites that use it, and only to those who manage invites.
/// </summary>
public sealed class InviteOptionsTests(InviteApp app) : IClassFixture<InviteApp>
{
    private static readonly string[] SeedInviteKeys =
        ["code", "guild_id", "channel_id", "inviter_id", "max_uses", "uses", "expires_at", "temporary", "created_at"];

    private static string[] Keys(JsonNode node) => node.AsObject().Select(p => p.Key).ToArray();

    [Fact]
    public async Task Name_roles_and_allowed_users_show_to_admins_on_create_and_in_the_list_and_nowhere_public()
    {
        var (server, channel) = await app.CreateServerAsync("io-owner1");

        var response = await app.As("io-owner1").PostAsJsonAsync($"/channels/{channel}/invites",
            new { name = "spring event", roles = new[] { "speaker", " guest ", "speaker" }, allowed_user_ids = new[] { "io-bob1", "io-carol1", "io-bob1" } });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        Keys(created).ShouldBe([.. SeedInviteKeys, "name", "roles", "allowed_user_ids"]);
        created["name"]!.GetValue<string>().ShouldBe("spring event");
        created["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["speaker", "guest"]);
        created["allowed_user_ids"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["io-bob1", "io-carol1"]);
        var code = created["code"]!.GetValue<string>();

        var listed = (await (await app.As("io-owner1").GetAsync($"/servers/{server}/invites")).ReadJsonAsync()).AsArray().Single()!;
        listed["name"]!.GetValue<string>().ShouldBe("spring event");
        listed["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["speaker", "guest"]);
        listed["allowed_user_count"]!.GetValue<int>().ShouldBe(2);
        listed.AsObject().ContainsKey("allowed_user_ids").ShouldBeFalse();

        // The preview, anonymous or signed in as an allowed user, and the invite page show none of it.
        foreach (var viewer in new[] { null, "io-bob1" })
        {
            var preview = await app.As(viewer).GetAsync($"/invites/{code}");
            preview.StatusCode.ShouldBe(HttpStatusCode.OK);
            Keys(await preview.ReadJsonAsync()).ShouldBe(["code", "guild_id", "channel_id", "max_uses", "uses", "expires_at", "temporary", "created_at", "guild", "channel"]);
        }

        var page = await (await app.As(null).GetAsync($"/invite/{code}")).Content.ReadAsStringAsync();
        page.ShouldNotContain("spring event");
        page.ShouldNotContain("speaker");
    }

    [Fact]
    public async Task An_invite_without_options_keeps_exactly_the_seed_shape_on_create_and_in_the_list()
    {
        var (server, channel) = await app.CreateServerAsync("io-owner2");

        var created = await (await app.As("io-owner2").PostAsJsonAsync($"/channels/{channel}/invites", new { name = "" })).ReadJsonAsync();
        var listed = (await (await app.As("io-owner2").GetAsync($"/servers/{server}/invites")).ReadJsonAsync()).AsArray().Single()!;

        Keys(created).ShouldBe(SeedInviteKeys);
        Keys(listed).ShouldBe(SeedInviteKeys.Where(k => k != "guild_id"));
    }

    [Fact]
    public async Task Granting_roles_needs_MANAGE_SERVER_and_writes_nothing_without_it()
    {
        var (_, channel) = await app.ServerWithMembersAsync("io-owner3", "io-member3");
        var before = app.Fingerprint();

        var response = await app.As("io-member3").PostAsJsonAsync($"/channels/{channel}/invites", new { roles = new[] { "speaker" } });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("no_permission");
        app.Fingerprint().ShouldBe(before);
        (await app.As("io-member3").PostAsJsonAsync($"/channels/{channel}/invites", new { name = "mine" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Temporary_with_roles_is_refused_on_roles()
    {
        var (_, channel) = await app.CreateServerAsync("io-owner4");
        var before = app.Fingerprint();

        var response = await app.As("io-owner4").PostAsJsonAsync($"/channels/{channel}/invites", new { temporary = true, roles = new[] { "speaker" } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.ReadJsonAsync();
        body["error"]!.GetValue<string>().ShouldBe("validation_failed");
        Keys(body["errors"]!).ShouldBe(["roles"]);
        app.Fingerprint().ShouldBe(before);
        (await app.As("io-owner4").PostAsJsonAsync($"/channels/{channel}/invites", new { temporary = true, roles = Array.Empty<string>() }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { """{"name": "123456789012345678901234567890123"}""", "name" },
        { "{\"name\": \"Official\\u200BSupport\"}", "name" },
        { """{"roles": ["a","b","c","d","e","f","g","h","i","j","k"]}""", "roles" },
        { """{"roles": ["no,commas"]}""", "roles" },
        { """{"roles": [""]}""", "roles" },
        { """{"allowed_user_ids": []}""", "allowed_user_ids" },
        { """{"allowed_user_ids": [""]}""", "allowed_user_ids" },
        { "{\"allowed_user_ids\": [\"" + new string('u', 65) + "\"]}", "allowed_user_ids" },
        { "{\"allowed_user_ids\": [" + string.Join(',', Enumerable.Range(0, 1001).Select(i => $"\"u{i}\"")) + "]}", "allowed_user_ids" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Options_outside_their_rules_are_refused_naming_the_field(string json, string field)
    {
        var (_, channel) = await app.CreateServerAsync("io-owner5");
        var before = app.Fingerprint();

        var response = await app.As("io-owner5").PostJsonTextAsync($"/channels/{channel}/invites", json);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Keys((await response.ReadJsonAsync())["errors"]!).ShouldBe([field]);
        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task A_thousand_allowed_users_are_accepted()
    {
        var (server, channel) = await app.CreateServerAsync("io-owner6");

        var response = await app.As("io-owner6").PostJsonTextAsync($"/channels/{channel}/invites",
            "{\"allowed_user_ids\": [" + string.Join(',', Enumerable.Range(0, 1000).Select(i => $"\"u{i}\"")) + "]}");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.ReadJsonAsync())["allowed_user_ids"]!.AsArray().Count.ShouldBe(1000);
        (await (await app.As("io-owner6").GetAsync($"/servers/{server}/invites")).ReadJsonAsync())[0]!["allowed_user_count"]!.GetValue<int>().ShouldBe(1000);
    }

    [Fact]
    public async Task Joining_through_an_invite_with_roles_grants_them_and_makes_a_permanent_member()
    {
        var (server, channel) = await app.CreateServerAsync("io-owner7");
        var code = await app.CreateInviteAsync("io-owner7", channel, new { roles = new[] { "speaker", "guest" } });

        await app.JoinAsync("io-bob7", code);
        (await app.As("io-carol7").PostAsync($"/api/messenger/join/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var members = (await (await app.As("io-owner7").GetAsync($"/servers/{server}/members")).ReadJsonAsync()).AsArray();
        foreach (var user in new[] { "io-bob7", "io-carol7" })
        {
            var member = members.Single(m => m!["user_id"]!.GetValue<string>() == user)!;
            member["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["speaker", "guest"]);
            member["temporary"]!.GetValue<bool>().ShouldBeFalse();
        }
    }

    [Fact]
    public async Task Only_listed_users_join_a_restricted_invite_and_the_others_get_not_invited_consuming_nothing()
    {
        var (_, channel) = await app.CreateServerAsync("io-owner8");
        var code = await app.CreateInviteAsync("io-owner8", channel, new { max_uses = 5, allowed_user_ids = new[] { "io-bob8" } });
        var before = app.Fingerprint();

        var outsider = await app.As("io-eve8").PostAsync($"/invites/{code}", null);
        var messengerOutsider = await app.As("io-eve8").PostAsync($"/api/messenger/join/{code}", null);

        outsider.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await outsider.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("not_invited");
        messengerOutsider.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await messengerOutsider.ReadJsonAsync())["message"]!.GetValue<string>().ShouldBe("Not authorized to join with that invite.");
        app.Fingerprint().ShouldBe(before);
        (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.OK); // the preview stays public

        await app.JoinAsync("io-bob8", code);
        app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(1);
    }

    [Fact]
    public async Task Already_member_comes_before_not_invited()
    {
        var (_, channel) = await app.CreateServerAsync("io-owner9");
        var code = await app.CreateInviteAsync("io-owner9", channel, new { allowed_user_ids = new[] { "io-bob9" } });

        var owner = await app.As("io-owner9").PostAsync($"/invites/{code}", null);

        (await owner.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("already_member");
    }

    [Fact]
    public async Task A_refused_outsider_spends_a_failed_lookup_permit()
    {
        await using var limited = new InviteApp().With("RateLimits:FailedLookupsPerWindow", "2");
        var (_, channel) = await limited.CreateServerAsync("io-owner10");
        var code = await limited.CreateInviteAsync("io-owner10", channel, new { allowed_user_ids = new[] { "io-bob10" } });
        var outsider = limited.As("io-eve10");

        (await outsider.PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await outsider.PostAsync($"/api/messenger/join/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var third = await outsider.PostAsync($"/invites/{code}", null);
        third.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        third.Headers.RetryAfter.ShouldNotBeNull();
        (await limited.As("io-bob10").PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.OK); // another client's budget
    }

    [Fact]
    public async Task A_receiver_learns_the_roles_a_join_granted_and_the_policy_a_server_set()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var events = new InviteApp().With("Webhooks:PollInterval", "00:00:00.020");
        var subscribed = await events.As("io-platform", admin: true).PostAsJsonAsync("/webhooks", new { url = receiver.Url });
        receiver.Secrets.Add((await subscribed.ReadJsonAsync())["secret"]!.GetValue<string>());
        var (server, channel) = await events.CreateServerAsync("io-owner11");

        await events.JoinAsync("io-bob11", await events.CreateInviteAsync("io-owner11", channel, new { roles = new[] { "speaker" } }));
        await events.JoinAsync("io-carol11", await events.CreateInviteAsync("io-owner11", channel));
        (await events.As("io-owner11").PatchAsJsonAsync($"/servers/{server}", new { invite_policy = new { max_uses_ceiling = 5 } })).EnsureSuccessStatusCode();

        await receiver.WaitForAsync(a => a.Count(e => e.Type == "member.joined") == 2 && a.Any(e => e.Type == "server.updated"), "the joins and the policy");
        var joins = receiver.Arrivals.Where(a => a.Type == "member.joined").ToDictionary(a => a.Data["user_id"]!.GetValue<string>(), a => a.Data);
        joins["io-bob11"]["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["speaker"]);
        joins["io-carol11"].AsObject().ContainsKey("roles").ShouldBeFalse();
        receiver.Arrivals.Single(a => a.Type == "server.updated").Data["invite_policy"]!.ToJsonString()
            .ShouldBe("""{"max_age_ceiling":null,"allow_never_expiring":true,"max_uses_ceiling":5,"default_max_age":null}""");
        receiver.Violations.ShouldBeEmpty();
    }
}
