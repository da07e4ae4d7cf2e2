using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Infrastructure;

/// <summary>HTTP-level answers that do not depend on who asks: bodies that are present must be objects, unknown routes and methods.</summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class ProtocolTests(InviteApp app) : IClassFixture<InviteApp>
{
    [Fact]
    public async Task A_json_null_body_is_refused_where_an_absent_body_means_defaults()
    {
        var (server, channel) = await app.ServerWithMembersAsync("pr-owner1", "pr-member1");
        var owner = app.As("pr-owner1");
        var before = app.Fingerprint();

        var hearth = await owner.PostJsonTextAsync($"/channels/{channel}/invites", "null");
        var ban = await owner.PutAsync($"/servers/{server}/bans/pr-member1", new StringContent("null", System.Text.Encoding.UTF8, "application/json"));
        var messenger = await owner.PostJsonTextAsync($"/api/messenger/threads/{server}/invites", "null");

        hearth.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await hearth.ReadJsonAsync();
        problem["error"]!.GetValue<string>().ShouldBe("validation_failed");
        problem["errors"]!["body"].ShouldNotBeNull();
        ban.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ban.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("validation_failed");
        messenger.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await messenger.ReadJsonAsync())["errors"]!["body"].ShouldNotBeNull();
        app.Fingerprint().ShouldBe(before);

        (await owner.PostAsync($"/channels/{channel}/invites", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await owner.PostJsonTextAsync($"/channels/{channel}/invites", "")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await owner.PutAsync($"/servers/{server}/bans/pr-member1", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("pr-user2")]
    public async Task An_unknown_route_is_404_signed_in_or_not(string? user)
    {
        foreach (var path in new[] { "/", "/nothing", "/servers/x/nothing", "/api/messenger/nothing" })
        {
            var response = await app.As(user).GetAsync(path);

            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
            var body = await response.ReadJsonAsync();
            if (path.StartsWith("/api/messenger")) body["message"]!.GetValue<string>().ShouldBe("Not Found.");
            else body["error"]!.GetValue<string>().ShouldBe("not_found");
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("pr-user3")]
    public async Task An_unsupported_method_is_405_with_allow_signed_in_or_not(string? user)
    {
        var trace = await app.As(user).SendAsync(new HttpRequestMessage(HttpMethod.Trace, "/invites/x"));
        var put = await app.As(user).PutAsync("/api/messenger/join/x", null);

        trace.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        trace.Content.Headers.Allow.ShouldBe(["DELETE", "GET", "POST"], ignoreOrder: true);
        (await trace.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("method_not_allowed");
        put.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        put.Content.Headers.Allow.ShouldBe(["GET", "POST"], ignoreOrder: true);
        (await put.ReadJsonAsync())["message"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Every_module_route_needs_a_token_unless_it_says_anonymous()
    {
        var anonymous = app.As(null);
        foreach (var (method, path) in new[] { ("POST", "/servers"), ("GET", "/servers/x"), ("POST", "/invites/x"), ("DELETE", "/invites/x"),
                     ("GET", "/invites/x/joins"), ("GET", "/api/messenger/threads/x/invites"), ("POST", "/api/messenger/join/x") })
        {
            var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {path}");
        }
    }

    [Fact]
    public async Task Revoke_all_says_whether_the_vanity_code_still_admits_joins()
    {
        var (server, channel) = await app.CreateServerAsync("pr-owner4");
        await app.CreateInviteAsync("pr-owner4", channel);
        (await app.As("pr-platform", admin: true).PatchAsJsonAsync($"/servers/{server}", new { features = new[] { "VANITY_URL" } })).EnsureSuccessStatusCode();
        (await app.As("pr-owner4").PatchAsJsonAsync($"/servers/{server}", new { vanity_code = "still-open" })).EnsureSuccessStatusCode();

        var revoked = await (await app.As("pr-owner4").DeleteAsync($"/servers/{server}/invites")).ReadJsonAsync();

        revoked["revoked"]!.GetValue<int>().ShouldBe(1);
        revoked["vanity_code_active"]!.GetValue<bool>().ShouldBeTrue();
        await app.JoinAsync("pr-joiner4", "still-open"); // revoke-all leaves the vanity code alone

        (await app.As("pr-owner4").PatchAsJsonAsync($"/servers/{server}", new { invites_enabled = false })).EnsureSuccessStatusCode();
        var paused = await (await app.As("pr-owner4").DeleteAsync($"/servers/{server}/invites")).ReadJsonAsync();
        paused["vanity_code_active"]!.GetValue<bool>().ShouldBeFalse();
        (await app.As("pr-joiner4b").PostAsync("/invites/still-open", null)).StatusCode.ShouldNotBe(HttpStatusCode.OK); // pausing stops every join
    }
}
