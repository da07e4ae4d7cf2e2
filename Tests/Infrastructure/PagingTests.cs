using System.Net;
using System.Net.Http.Json;
using System.Text;
using InviteService.Infrastructure.Paging;
using InviteService.Tests.Support;

namespace InviteService.Tests.Infrastructure;

/// <summary>What every list in pages shares: <c>limit</c> and <c>after</c> refused by name, and the next page's link.</summary>
public sealed class PagingTests(InviteApp app) : IClassFixture<InviteApp>
{
    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=", "limit")]
    [InlineData("limit=99999999999999999999", "limit")]
    [InlineData("after=%21%21%21", "after")]
    [InlineData("after=bm90IGEgY3Vyc29y", "after")] // base64url of "not a cursor"
    [InlineData("after=", "after")]
    public async Task A_bad_limit_or_cursor_is_400_validation_failed_naming_the_field(string query, string field)
    {
        var (server, _) = await app.ServerWithMembersAsync("pg-owner1", "pg-member1");
        var before = app.Fingerprint();

        var response = await app.As("pg-owner1").GetAsync($"/servers/{server}/members?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.ReadJsonAsync();
        body["error"]!.GetValue<string>().ShouldBe("validation_failed");
        body["errors"]!.AsObject().Select(e => e.Key).ShouldBe([field]);
        app.Fingerprint().ShouldBe(before);
    }

    /// <summary>The lists in pages, each with what it needs to exist: a server with a member, an invite with a join, a webhook.</summary>
    private async Task<string> ListUrlAsync(string list, string owner)
    {
        var (server, channel) = await app.ServerWithMembersAsync(owner, owner + "-member");
        var code = await app.CreateInviteAsync(owner, channel);
        var hook = list == "deliveries"
            ? (await (await app.As("pg-platform", admin: true).PostAsJsonAsync("/webhooks", new { url = "https://hooks.example/x" })).ReadJsonAsync())["webhook"]!["id"]!.GetValue<string>()
            : "";
        return list switch
        {
            "members" => $"/servers/{server}/members",
            "joins" => $"/invites/{code}/joins",
            "deliveries" => $"/webhooks/{hook}/deliveries",
            "invites" => $"/servers/{server}/invites",
            "join-requests" => $"/servers/{server}/join-requests",
            _ => throw new ArgumentOutOfRangeException(nameof(list)),
        };
    }

    [Theory]
    [InlineData("members")]
    [InlineData("joins")]
    [InlineData("deliveries")]
    [InlineData("invites")]
    [InlineData("join-requests")]
    public async Task Every_list_refuses_a_bad_limit_and_cursor_together_with_400_naming_both(string list)
    {
        var url = await ListUrlAsync(list, "pg-owner-" + list);
        var client = list == "deliveries" ? app.As("pg-platform", admin: true) : app.As("pg-owner-" + list);

        var response = await client.GetAsync(url + "?limit=1001&after=%21");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.ReadJsonAsync();
        body["error"]!.GetValue<string>().ShouldBe("validation_failed");
        body["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["limit", "after"], ignoreOrder: true);
    }

    [Fact]
    public async Task An_overlong_cursor_is_refused_by_name()
    {
        var (server, _) = await app.CreateServerAsync("pg-owner2");

        var response = await app.As("pg-owner2").GetAsync($"/servers/{server}/members?after={new string('A', Cursor.MaxLength + 1)}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!["after"].ShouldNotBeNull();
    }

    [Fact]
    public async Task The_next_link_is_the_request_itself_relative_with_its_other_parameters_kept()
    {
        var (server, _) = await app.ServerWithMembersAsync("pg-owner3", "pg-member3a", "pg-member3b");

        var response = await app.As("pg-owner3").GetAsync($"/servers/{server}/members?extra=x%20y&LIMIT=1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var link = response.Headers.GetValues("Link").Single();
        link.ShouldStartWith($"</servers/{server}/members?extra=x%20y&limit=1&after=");
        link.ShouldEndWith(">; rel=\"next\"");
    }

    [Fact]
    public void A_cursor_is_base64url_of_the_last_rows_key_and_reads_back()
    {
        var cursor = new Cursor(1_771_070_400_000, "user:1/é");

        Encoding.UTF8.GetString(Convert.FromBase64String(Pad(cursor.Encode().Replace('-', '+').Replace('_', '/')))).ShouldBe("1771070400000:user:1/é");
        Cursor.TryDecode(cursor.Encode(), out var read).ShouldBeTrue();
        read.ShouldBe(cursor);
    }

    private static string Pad(string base64) => base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
}
