using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Servers;

public sealed class VanityTests(InviteApp app) : IClassFixture<InviteApp>
{
    private HttpClient Admin => app.As("platform", admin: true);

    private async Task<(string Server, string Channel)> VanityServer(string owner)
    {
        var (server, channel) = await app.CreateServerAsync(owner);
        (await Admin.PatchAsJsonAsync($"/servers/{server}", new { features = new[] { "VANITY_URL" } })).EnsureSuccessStatusCode();
        return (server, channel);
    }

    private static async Task<string> ErrorOf(HttpResponseMessage r) => (await r.ReadJsonAsync())["error"]!.GetValue<string>();

    [Fact]
    public async Task Only_the_platform_admin_grants_features()
    {
        var (server, _) = await app.CreateServerAsync("v-owner1");

        var owner = await app.As("v-owner1").PatchAsJsonAsync($"/servers/{server}", new { features = new[] { "VANITY_URL" } });
        owner.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var unknown = await Admin.PatchAsJsonAsync($"/servers/{server}", new { features = new[] { "FLYING" } });
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var granted = await Admin.PatchAsJsonAsync($"/servers/{server}", new { features = new[] { "VANITY_URL" } });
        (await granted.ReadJsonAsync())["features"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["VANITY_URL"]);
    }

    [Fact]
    public async Task A_vanity_code_needs_the_feature()
    {
        var (server, _) = await app.CreateServerAsync("v-owner2");

        var response = await app.As("v-owner2").PatchAsJsonAsync($"/servers/{server}", new { vanity_code = "coolserver" });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorOf(response)).ShouldBe("vanity_not_allowed");
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("UPPER")]
    [InlineData("has space")]
    [InlineData("under_score")]
    [InlineData("a-very-long-vanity-code-that-goes-past-32")]
    public async Task Malformed_vanity_codes_are_400_validation_failed(string code)
    {
        var (server, _) = await VanityServer($"v-bad-{code.Length}-{code[0]}");
        var before = app.Fingerprint();

        var response = await app.As($"v-bad-{code.Length}-{code[0]}").PatchAsJsonAsync($"/servers/{server}", new { vanity_code = code });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!["vanity_code"].ShouldNotBeNull();
        app.Fingerprint().ShouldBe(before);
    }

    [Theory]
    [InlineData("support\n")]
    [InlineData("cool\n")]
    [InlineData("cool\r")]
    [InlineData("\ncool")]
    [InlineData("cool\u00e9")]
    [InlineData("cool\u200b")]
    public async Task A_code_with_any_character_outside_the_alphabet_is_refused_even_at_the_end(string code)
    {
        var owner = $"v-nl-{(int)code[^1]}-{code.Length}";
        var (server, _) = await VanityServer(owner);
        var before = app.Fingerprint();

        var response = await app.As(owner).PatchAsJsonAsync($"/servers/{server}", new { vanity_code = code });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorOf(response)).ShouldBe("validation_failed");
        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task A_code_with_a_trailing_newline_does_not_reach_the_server_that_owns_the_code()
    {
        var (server, _) = await VanityServer("v-owner-nl");
        (await app.As("v-owner-nl").PatchAsJsonAsync($"/servers/{server}", new { vanity_code = "newline-cool" })).EnsureSuccessStatusCode();

        (await app.As(null).GetAsync("/invites/newline-cool%0A")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.As("v-nl-joiner").PostAsync("/invites/newline-cool%0A", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.As(null).GetAsync("/invites/newline-cool")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void The_pattern_matches_the_whole_string()
    {
        InviteService.Features.SharedKernel.Vanity.IsWellFormed("cool").ShouldBeTrue();
        InviteService.Features.SharedKernel.Vanity.IsWellFormed("cool\n").ShouldBeFalse();
        InviteService.Features.Invites.InviteRow.IsPlausibleCode("AbC23\n").ShouldBeFalse();
        InviteService.Features.Invites.InviteRow.IsPlausibleCode("AbC23-x").ShouldBeTrue();
    }

    [Fact]
    public async Task Taken_and_reserved_codes_have_their_own_errors()
    {
        var (first, _) = await VanityServer("v-owner3");
        var (second, channel) = await VanityServer("v-owner4");
        (await app.As("v-owner3").PatchAsJsonAsync($"/servers/{first}", new { vanity_code = "taken-name" })).EnsureSuccessStatusCode();
        var invite = await app.CreateInviteAsync("v-owner4", channel);

        var taken = await app.As("v-owner4").PatchAsJsonAsync($"/servers/{second}", new { vanity_code = "taken-name" });
        var reserved = await app.As("v-owner4").PatchAsJsonAsync($"/servers/{second}", new { vanity_code = "admin" });
        var likeAnInvite = await app.As("v-owner4").PatchAsJsonAsync($"/servers/{second}", new { vanity_code = invite.ToLowerInvariant() });

        (await ErrorOf(taken)).ShouldBe("vanity_taken");
        (await ErrorOf(reserved)).ShouldBe("vanity_reserved");
        if (invite.Length >= 3 && invite.All(c => char.IsAsciiLetterOrDigit(c)))
        {
            (await ErrorOf(likeAnInvite)).ShouldBe("vanity_taken");
        }
    }

    [Fact]
    public async Task Preview_and_join_through_a_vanity_code_work_like_an_unlimited_invite_and_are_attributed()
    {
        var (server, channel) = await VanityServer("v-owner5");
        (await app.As("v-owner5").PatchAsJsonAsync($"/servers/{server}", new { vanity_code = "coolserver" })).EnsureSuccessStatusCode();

        await Snapshot.VerifyAsync(await app.As(null).GetAsync("/invites/coolserver"), seed: "hearth/preview");
        (await app.As("v-joiner5a").PostAsync("/invites/coolserver", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.As("v-joiner5b").PostAsync("/invites/CoolServer", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.As("v-joiner5a").PostAsync("/invites/coolserver", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var vanity = await (await app.As("v-owner5").GetAsync($"/servers/{server}/vanity-url")).ReadJsonAsync();
        vanity["code"]!.GetValue<string>().ShouldBe("coolserver");
        vanity["uses"]!.GetValue<int>().ShouldBe(2);
        app.Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND invite_code = 'coolserver' AND inviter_id IS NULL", new { server }).ShouldBe(2);
        var joins = await (await app.As("v-owner5").GetAsync("/invites/coolserver/joins")).ReadJsonAsync();
        joins.AsArray().Count.ShouldBe(2);
        _ = channel;
    }

    [Fact]
    public async Task Vanity_url_returns_the_code_and_its_uses()
    {
        var (server, _) = await VanityServer("v-owner10");
        (await app.As("v-owner10").PatchAsJsonAsync($"/servers/{server}", new { vanity_code = "counted" })).EnsureSuccessStatusCode();
        await app.JoinAsync("v-joiner10", "counted");

        await Snapshot.VerifyAsync(await app.As("v-owner10").GetAsync($"/servers/{server}/vanity-url"));
    }

    [Fact]
    public async Task Losing_the_feature_releases_the_code()
    {
        var (server, _) = await VanityServer("v-owner6");
        var (other, _) = await VanityServer("v-owner7");
        (await app.As("v-owner6").PatchAsJsonAsync($"/servers/{server}", new { vanity_code = "released" })).EnsureSuccessStatusCode();

        var revoked = await (await Admin.PatchAsJsonAsync($"/servers/{server}", new { features = Array.Empty<string>() })).ReadJsonAsync();

        revoked["vanity_url_code"].ShouldBeNull();
        (await app.As(null).GetAsync("/invites/released")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.As("v-owner7").PatchAsJsonAsync($"/servers/{other}", new { vanity_code = "released" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Clearing_the_code_frees_it_and_vanity_url_reports_none()
    {
        var (server, _) = await VanityServer("v-owner8");
        (await app.As("v-owner8").PatchAsJsonAsync($"/servers/{server}", new { vanity_code = "clearme" })).EnsureSuccessStatusCode();

        (await app.As("v-owner8").PatchAsJsonAsync($"/servers/{server}", new { vanity_code = "" })).EnsureSuccessStatusCode();

        var vanity = await (await app.As("v-owner8").GetAsync($"/servers/{server}/vanity-url")).ReadJsonAsync();
        vanity["code"].ShouldBeNull();
        vanity["uses"]!.GetValue<int>().ShouldBe(0);
        (await app.As("v-member8").GetAsync($"/servers/{server}/vanity-url")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Vanity_codes_are_not_reachable_through_the_messenger_face()
    {
        var (server, _) = await VanityServer("v-owner9");
        (await app.As("v-owner9").PatchAsJsonAsync($"/servers/{server}", new { vanity_code = "hearthonly" })).EnsureSuccessStatusCode();

        (await app.As(null).GetAsync("/api/messenger/join/hearthonly")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.As("v-joiner9").PostAsync("/api/messenger/join/hearthonly", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Upgrading_releases_malformed_codes_stored_by_earlier_versions()
    {
        var path = InviteApp.NewDatabasePath();
        string bad, good;
        await using (var old = InviteApp.OnFile(path))
        {
            (bad, _) = await old.CreateServerAsync("v-upgrade1");
            (good, _) = await old.CreateServerAsync("v-upgrade2");
            using var connection = old.OpenDatabase();
            Dapper.SqlMapper.Execute(connection, "UPDATE servers SET features = 'VANITY_URL', vanity_code = @Code, vanity_uses = 3 WHERE id = @Id", new { Code = "cool\n", Id = bad });
            Dapper.SqlMapper.Execute(connection, "UPDATE servers SET features = 'VANITY_URL', vanity_code = 'cool' WHERE id = @Id", new { Id = good });
            // Back to schema version 3: what migrations 5 and later added goes, so that 4 and later run again as on an old database.
            Dapper.SqlMapper.Execute(connection, "DROP TABLE webhook_deliveries; DROP TABLE webhook_events; DROP TABLE webhooks; DROP TABLE processes;");
            Dapper.SqlMapper.Execute(connection, """
                DROP TABLE invite_allowed_users; DROP TABLE join_requests; DROP INDEX joins_server_time;
                ALTER TABLE invites DROP COLUMN name; ALTER TABLE invites DROP COLUMN requires_approval; ALTER TABLE invites DROP COLUMN roles;
                ALTER TABLE invites DROP COLUMN restricted; ALTER TABLE invites DROP COLUMN deleted_reason;
                ALTER TABLE members DROP COLUMN approved_by; ALTER TABLE joins DROP COLUMN approved_by;
                ALTER TABLE servers DROP COLUMN raid_max_joins; ALTER TABLE servers DROP COLUMN raid_per_seconds;
                ALTER TABLE servers DROP COLUMN raid_pause_minutes; ALTER TABLE servers DROP COLUMN raid_detected_at;
                ALTER TABLE servers DROP COLUMN policy_max_age_ceiling; ALTER TABLE servers DROP COLUMN policy_allow_never_expiring;
                ALTER TABLE servers DROP COLUMN policy_max_uses_ceiling; ALTER TABLE servers DROP COLUMN policy_default_max_age;
                """);
            Dapper.SqlMapper.Execute(connection, TestStore.IsPostgres
                ? "DELETE FROM schema_version WHERE version > 3; DROP SEQUENCE webhook_event_number;"
                : """
                  DROP TABLE webhook_event_counter;
                  DROP INDEX invites_code_lower; CREATE INDEX invites_code_nocase ON invites (code COLLATE NOCASE);
                  DROP INDEX servers_vanity_code;
                  CREATE UNIQUE INDEX servers_vanity_code ON servers (vanity_code COLLATE NOCASE) WHERE vanity_code IS NOT NULL;
                  PRAGMA user_version = 3;
                  """);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var upgraded = InviteApp.OnFile(path);
        upgraded.Scalar("SELECT COUNT(*) FROM servers WHERE id = @bad AND vanity_code IS NULL AND vanity_uses = 0 AND features = 'VANITY_URL'", new { bad }).ShouldBe(1);
        upgraded.Scalar("SELECT COUNT(*) FROM servers WHERE id = @good AND vanity_code = 'cool'", new { good }).ShouldBe(1);
    }
}
