using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Messenger;

/// <summary>Every rule of SPEC.md's messenger section, through real HTTP.</summary>
public sealed class MessengerRulesTests(InviteApp app) : IClassFixture<InviteApp>
{
    private const string Api = "/api/messenger";

    private static async Task<string> MessageOf(HttpResponseMessage response) => (await response.ReadJsonAsync())["message"]!.GetValue<string>();

    private async Task<JsonNode> CreateVia(string user, string thread, object body)
    {
        var response = await app.As(user).PostAsJsonAsync($"{Api}/threads/{thread}/invites", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task An_invite_crosses_faces_with_consistent_uses()
    {
        var (thread, channel) = await app.CreateServerAsync("mr-owner1");
        // created on Hearth, seen and joined on Messenger
        var hearthCode = await app.CreateInviteAsync("mr-owner1", channel, new { max_uses = 5 });
        var listed = await (await app.As("mr-owner1").GetAsync($"{Api}/threads/{thread}/invites")).ReadJsonAsync();
        var hearthInvite = listed["data"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == hearthCode)!;
        (await app.As("mr-a").PostAsync($"{Api}/join/{hearthCode}", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var preview = await (await app.As(null).GetAsync($"{Api}/join/{hearthCode}")).ReadJsonAsync();
        preview["uses"]!.GetValue<int>().ShouldBe(1);

        // created on Messenger, seen and joined on Hearth
        var messengerInvite = await CreateVia("mr-owner1", thread, new { uses = 3, expires = 5 });
        var messengerCode = messengerInvite["code"]!.GetValue<string>();
        (await app.As("mr-b").PostAsync($"/invites/{messengerCode}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var hearthPreview = await (await app.As(null).GetAsync($"/invites/{messengerCode}")).ReadJsonAsync();
        hearthPreview["uses"]!.GetValue<int>().ShouldBe(1);
        hearthPreview["max_uses"]!.GetValue<int>().ShouldBe(3);
        var hearthList = await (await app.As("mr-owner1").GetAsync($"/servers/{thread}/invites")).ReadJsonAsync();
        hearthList.AsArray().Select(i => i!["code"]!.GetValue<string>()).ShouldBe([messengerCode, hearthCode], ignoreOrder: true);

        // deleted across faces
        (await app.As("mr-owner1").DeleteAsync($"{Api}/threads/{thread}/invites/{hearthInvite["id"]!.GetValue<string>()}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.As(null).GetAsync($"/invites/{hearthCode}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.As("mr-owner1").DeleteAsync($"/invites/{messengerCode}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.As(null).GetAsync($"{Api}/join/{messengerCode}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        app.Scalar("SELECT COUNT(*) FROM members WHERE invite_code IN (@a, @b)", new { a = hearthCode, b = messengerCode }).ShouldBe(2);
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK)]
    [InlineData("manager", HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK)]
    [InlineData("plain", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData("stranger", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)]
    public async Task List_create_and_delete_need_admin_or_manage_invites(string? who, HttpStatusCode list, HttpStatusCode create, HttpStatusCode delete)
    {
        var p = $"mp-{who}-";
        var (thread, _) = await app.ServerWithMembersAsync($"{p}owner", $"{p}admin", $"{p}manager", $"{p}plain");
        await app.GrantAsync($"{p}owner", thread, $"{p}admin", "MANAGE_SERVER");
        await app.GrantAsync($"{p}owner", thread, $"{p}manager", "MANAGE_INVITES");
        var target = (await CreateVia($"{p}owner", thread, new { uses = 0 }))["id"]!.GetValue<string>();
        var client = app.As(who is null ? null : p + who);

        (await client.GetAsync($"{Api}/threads/{thread}/invites")).StatusCode.ShouldBe(list);
        (await client.PostAsJsonAsync($"{Api}/threads/{thread}/invites", new { uses = 1 })).StatusCode.ShouldBe(create);
        (await client.DeleteAsync($"{Api}/threads/{thread}/invites/{target}")).StatusCode.ShouldBe(delete);
    }

    [Fact]
    public async Task Invitations_off_turns_off_list_create_and_join_and_hides_validity()
    {
        var (thread, _) = await app.CreateServerAsync("mr-owner3");
        var code = (await CreateVia("mr-owner3", thread, new { uses = 0 }))["code"]!.GetValue<string>();
        (await app.As("mr-owner3").PatchAsJsonAsync($"/servers/{thread}", new { invites_enabled = false })).EnsureSuccessStatusCode();

        var list = await app.As("mr-owner3").GetAsync($"{Api}/threads/{thread}/invites");
        list.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await MessageOf(list)).ShouldBe("Not authorized to view thread invites.");
        (await app.As("mr-owner3").PostAsJsonAsync($"{Api}/threads/{thread}/invites", new { uses = 0 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var join = await app.As("mr-joiner3").PostAsync($"{Api}/join/{code}", null);
        join.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await MessageOf(join)).ShouldBe("Not authorized to join with that invite.");
        var preview = await (await app.As(null).GetAsync($"{Api}/join/{code}")).ReadJsonAsync();
        preview["options"]!["is_valid"]!.GetValue<bool>().ShouldBeFalse();
        preview["options"]!["thread_name"].ShouldBeNull();
    }

    [Fact]
    public async Task The_cap_counts_only_valid_invites_and_meta_reports_it()
    {
        var (thread, _) = await app.CreateServerAsync("mr-owner4");
        (await app.As("mr-owner4").PatchAsJsonAsync($"/servers/{thread}", new { max_invites = 2 })).EnsureSuccessStatusCode();
        var shortLived = await CreateVia("mr-owner4", thread, new { uses = 0, expires = 1 });
        await CreateVia("mr-owner4", thread, new { uses = 0 });

        var atCap = await app.As("mr-owner4").PostAsJsonAsync($"{Api}/threads/{thread}/invites", new { uses = 0 });
        (await MessageOf(atCap)).ShouldBe("Not authorized to create thread invites. You have the max allowed active invites.");

        using (app.Time.Shift(TimeSpan.FromMinutes(31))) // the 30-minute invite expires and stops counting
        {
            await CreateVia("mr-owner4", thread, new { uses = 0 });
            var list = await (await app.As("mr-owner4").GetAsync($"{Api}/threads/{thread}/invites")).ReadJsonAsync();
            list["meta"]!["total"]!.GetValue<int>().ShouldBe(2);
            list["meta"]!["max_allowed"]!.GetValue<int>().ShouldBe(2);
            list["data"]!.AsArray().ShouldNotContain(i => i!["id"]!.GetValue<string>() == shortLived["id"]!.GetValue<string>());
        }

        (await app.As("mr-owner4").PatchAsJsonAsync($"/servers/{thread}", new { max_invites = 0 })).EnsureSuccessStatusCode();
        var unlimited = await (await app.As("mr-owner4").GetAsync($"{Api}/threads/{thread}/invites")).ReadJsonAsync();
        unlimited["meta"]!["max_allowed"].ShouldBeNull();
    }

    [Theory]
    [InlineData("{\"expires\": 1}", "uses")]
    [InlineData("{\"uses\": -1}", "uses")]
    [InlineData("{\"uses\": 101}", "uses")]
    [InlineData("{\"uses\": \"many\"}", "uses")]
    [InlineData("{\"uses\": [1]}", "uses")]
    [InlineData("{\"uses\": 1, \"expires\": -1}", "expires")]
    [InlineData("{\"uses\": 1, \"expires\": 9}", "expires")]
    [InlineData("{\"uses\": 1, \"expires\": 2.5}", "expires")]
    [InlineData("{\"uses\": 1, \"expires\": {\"days\": 1}}", "expires")]
    [InlineData("{\"uses\": 1, \"expires\": \"2020-01-01T00:00:00Z\"}", "expires")]
    [InlineData("{\"uses\": 1, \"expires\": \"2026-02-14T12:04:00Z\"}", "expires")]
    [InlineData("{\"uses\": 1, \"expires\": \"whenever\"}", "expires")]
    [InlineData("not json", "body")]
    public async Task Validation_failures_are_422_naming_the_field_and_write_nothing(string json, string field)
    {
        var (thread, _) = await app.CreateServerAsync("mr-owner5");
        using var at = app.Time.At(new DateTimeOffset(2026, 2, 14, 12, 0, 0, TimeSpan.Zero));
        var before = app.Fingerprint();

        var response = await app.As("mr-owner5").PostJsonTextAsync($"{Api}/threads/{thread}/invites", json);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var body = await response.ReadJsonAsync();
        body["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        body["errors"]![field].ShouldNotBeNull();
        app.Fingerprint().ShouldBe(before);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("false")]
    [InlineData("[1, 2]")]
    public async Task Every_failing_field_is_named_with_the_message_it_gets_alone(string wrong)
    {
        var (thread, _) = await app.CreateServerAsync("mr-owner12");
        using var at = app.Time.At(new DateTimeOffset(2026, 2, 14, 12, 0, 0, TimeSpan.Zero));
        var before = app.Fingerprint();
        async Task<JsonObject> ErrorsOf(string json)
        {
            var response = await app.As("mr-owner12").PostJsonTextAsync($"{Api}/threads/{thread}/invites", json);
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, json);
            return (await response.ReadJsonAsync())["errors"]!.AsObject();
        }

        var both = await ErrorsOf($$"""{"expires": {{wrong}}, "uses": {{wrong}}}""");
        var usesAlone = await ErrorsOf($$"""{"expires": 1, "uses": {{wrong}}}""");
        var expiresAlone = await ErrorsOf($$"""{"expires": {{wrong}}, "uses": 1}""");

        both.Select(e => e.Key).ShouldBe(["expires", "uses"], ignoreOrder: true);
        both["uses"]!.ToJsonString().ShouldBe(usesAlone["uses"]!.ToJsonString());
        both["expires"]!.ToJsonString().ShouldBe(expiresAlone["expires"]!.ToJsonString());
        both["uses"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["The uses must be an integer."]); // Laravel's integer rule
        app.Fingerprint().ShouldBe(before);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, 30 * 60)]
    [InlineData(2, 3600)]
    [InlineData(3, 6 * 3600)]
    [InlineData(4, 12 * 3600)]
    [InlineData(5, 86400)]
    [InlineData(6, 7 * 86400)]
    [InlineData(7, 14 * 86400)]
    [InlineData(8, 28 * 86400)] // one calendar month from 14 February 2026
    public async Task Each_expires_preset_gives_the_right_expires_at(int preset, int? seconds)
    {
        var start = new DateTimeOffset(2026, 2, 14, 12, 0, 0, TimeSpan.Zero);
        var (thread, _) = await app.CreateServerAsync("mr-owner6");
        using var at = app.Time.At(start);

        var invite = await CreateVia("mr-owner6", thread, new { uses = 1, expires = preset });

        var expiresAt = invite["expires_at"]?.GetValue<string>();
        if (seconds is null) expiresAt.ShouldBeNull();
        else expiresAt.ShouldBe(start.AddSeconds(seconds.Value).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"));
    }

    [Fact]
    public async Task A_date_more_than_five_minutes_ahead_is_accepted_and_a_numeric_string_is_a_preset()
    {
        var start = new DateTimeOffset(2026, 2, 14, 12, 0, 0, TimeSpan.Zero);
        var (thread, _) = await app.CreateServerAsync("mr-owner7");
        using var at = app.Time.At(start);

        var dated = await CreateVia("mr-owner7", thread, new { uses = 1, expires = "2026-02-14T12:06:00Z" });
        var fromString = await CreateVia("mr-owner7", thread, new { uses = "2", expires = "2" });
        var never = await CreateVia("mr-owner7", thread, new { uses = 1 });

        dated["expires_at"]!.GetValue<string>().ShouldBe("2026-02-14T12:06:00.000000Z");
        fromString["expires_at"]!.GetValue<string>().ShouldBe("2026-02-14T13:00:00.000000Z");
        fromString["max_use"]!.GetValue<int>().ShouldBe(2);
        never["expires_at"].ShouldBeNull();
    }

    [Theory]
    [InlineData("10-12-2026", "2026-12-10T00:00:00.000000Z")]
    [InlineData("01.02.2027", "2027-02-01T00:00:00.000000Z")]
    [InlineData("1-2-2027 09:30", "2027-02-01T09:30:00.000000Z")]
    [InlineData("10.12.2026 14:30:15", "2026-12-10T14:30:15.000000Z")]
    [InlineData("2026-12-10", "2026-12-10T00:00:00.000000Z")]
    [InlineData("2026-12-10T14:30:00+02:00", "2026-12-10T12:30:00.000000Z")]
    public async Task Dates_are_read_as_the_original_reads_them_day_first_and_in_utc(string expires, string expiresAt)
    {
        var (thread, _) = await app.CreateServerAsync("mr-owner13");
        using var at = app.Time.At(new DateTimeOffset(2026, 2, 14, 12, 0, 0, TimeSpan.Zero));

        var invite = await CreateVia("mr-owner13", thread, new { uses = 1, expires });

        invite["expires_at"]!.GetValue<string>().ShouldBe(expiresAt);
    }

    [Theory]
    [InlineData("whenever")]
    [InlineData("")]
    [InlineData("31-02-2027")]
    [InlineData("12/31/2026")]
    [InlineData("2026-12-10T14:30:00")]
    [InlineData("next tuesday")]
    public async Task A_string_that_is_no_date_is_refused_as_no_date(string expires)
    {
        var (thread, _) = await app.CreateServerAsync("mr-owner14");
        using var at = app.Time.At(new DateTimeOffset(2026, 2, 14, 12, 0, 0, TimeSpan.Zero));
        var before = app.Fingerprint();
        async Task<string[]> ExpiresErrors(string value)
        {
            var response = await app.As("mr-owner14").PostAsJsonAsync($"{Api}/threads/{thread}/invites", new { uses = 1, expires = value });
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, value);
            return (await response.ReadJsonAsync())["errors"]!["expires"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray();
        }

        var noDate = await ExpiresErrors(expires);
        var past = await ExpiresErrors("2020-01-01T00:00:00Z");

        noDate.ShouldBe(["The expires is not a valid date."]); // Laravel's date rule
        past.ShouldNotBe(noDate); // a date that is too soon says so
        app.Fingerprint().ShouldBe(before);
    }

    [Fact]
    public async Task Preview_shows_valid_expired_used_up_and_unknown_invites()
    {
        var (thread, _) = await app.CreateServerAsync("mr-owner8", "Party");
        var valid = (await CreateVia("mr-owner8", thread, new { uses = 0, expires = 2 }))["code"]!.GetValue<string>();
        var usedUp = (await CreateVia("mr-owner8", thread, new { uses = 1 }))["code"]!.GetValue<string>();
        await app.JoinAsync("mr-joiner8", usedUp);
        var anonymous = app.As(null);

        var ok = await (await anonymous.GetAsync($"{Api}/join/{valid}")).ReadJsonAsync();
        ok["options"]!["is_valid"]!.GetValue<bool>().ShouldBeTrue();
        ok["options"]!["thread_name"]!.GetValue<string>().ShouldBe("Party");
        ok["options"]!["messenger_auth"]!.GetValue<bool>().ShouldBeFalse();

        var spent = await (await anonymous.GetAsync($"{Api}/join/{usedUp}")).ReadJsonAsync();
        spent["options"]!["is_valid"]!.GetValue<bool>().ShouldBeFalse();
        spent["options"]!["thread_name"].ShouldBeNull();

        using (app.Time.Shift(TimeSpan.FromHours(2)))
        {
            var expired = await anonymous.GetAsync($"{Api}/join/{valid}");
            expired.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await expired.ReadJsonAsync())["options"]!["is_valid"]!.GetValue<bool>().ShouldBeFalse();
        }

        var unknown = await anonymous.GetAsync($"{Api}/join/nope-nope");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await MessageOf(unknown)).ShouldBe("Unable to locate the invite you requested.");
    }

    [Fact]
    public async Task Preview_tells_a_participant_they_are_in_the_thread()
    {
        var (thread, _) = await app.CreateServerAsync("mr-owner9");
        var code = (await CreateVia("mr-owner9", thread, new { uses = 0 }))["code"]!.GetValue<string>();
        await app.JoinAsync("mr-member9", code);

        var member = await (await app.As("mr-member9").GetAsync($"{Api}/join/{code}")).ReadJsonAsync();
        var outsider = await (await app.As("mr-outsider9").GetAsync($"{Api}/join/{code}")).ReadJsonAsync();

        member["options"]!["in_thread"]!.GetValue<bool>().ShouldBeTrue();
        member["options"]!["messenger_auth"]!.GetValue<bool>().ShouldBeTrue();
        outsider["options"]!["in_thread"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task Join_is_403_for_participants_banned_users_and_spent_invites_and_consumes_nothing()
    {
        var (thread, _) = await app.CreateServerAsync("mr-owner10");
        var code = (await CreateVia("mr-owner10", thread, new { uses = 2 }))["code"]!.GetValue<string>();
        await app.JoinAsync("mr-member10", code);
        (await app.As("mr-owner10").PutAsJsonAsync($"/servers/{thread}/bans/mr-banned10", new { })).EnsureSuccessStatusCode();

        foreach (var user in new[] { "mr-member10", "mr-banned10", "mr-owner10" })
        {
            var response = await app.As(user).PostAsync($"{Api}/join/{code}", null);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await MessageOf(response)).ShouldBe("Not authorized to join with that invite.");
        }

        app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(1);
        (await app.As("mr-last10").PostAsync($"{Api}/join/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await app.As("mr-late10").PostAsync($"{Api}/join/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Delete_of_an_invite_of_another_thread_is_404_and_keeps_it()
    {
        var (threadA, _) = await app.CreateServerAsync("mr-owner11");
        var (threadB, _) = await app.CreateServerAsync("mr-owner11");
        var inviteOfB = (await CreateVia("mr-owner11", threadB, new { uses = 0 }))["id"]!.GetValue<string>();

        var response = await app.As("mr-owner11").DeleteAsync($"{Api}/threads/{threadA}/invites/{inviteOfB}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await MessageOf(response)).ShouldBe("Unable to locate the invite you requested.");
        app.Scalar("SELECT COUNT(*) FROM invites WHERE id = @inviteOfB AND deleted_at IS NULL", new { inviteOfB }).ShouldBe(1);
    }
}
