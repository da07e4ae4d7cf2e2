using System.Net;
using System.Net.Http.Json;
using InviteService.Infrastructure.Housekeeping;
using InviteService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InviteService.Tests.Features.Invites;

/// <summary>
/// GET /servers/{id}/invites?status= (#23): the invites of one status, or all, each carrying its status, in pages; without
/// the parameter the list stays exactly the seed's.
/// </summary>
public sealed class InviteStatusTests(InviteApp app) : IClassFixture<InviteApp>
{
    /// <summary>One invite of each way an invite can stand, made a minute apart (newest last), by code.</summary>
    private async Task<(string Server, Dictionary<string, string> Codes)> ServerWithEveryStatusAsync(string owner)
    {
        var (server, channel) = await app.CreateServerAsync(owner);
        var codes = new Dictionary<string, string>();
        var start = app.Time.GetUtcNow().AddMinutes(-20);
        async Task<string> Make(string key, object body, string? joiner = null)
        {
            using (app.Time.At(start.AddMinutes(codes.Count)))
            {
                var code = codes[key] = await app.CreateInviteAsync(owner, channel, body);
                if (joiner is not null) await app.JoinAsync(joiner, code);
                return code;
            }
        }

        await Make("expired", new { max_age = 60 });                       // 20 minutes ago, for a minute
        await Make("used_up", new { max_uses = 1 }, $"{owner}-a");
        await Make("both", new { max_age = 60, max_uses = 1 }, $"{owner}-b"); // used up, then expired
        (await app.As(owner).DeleteAsync($"/invites/{await Make("deleted", new { })}")).EnsureSuccessStatusCode();
        await Make("revoked", new { });
        (await app.As(owner).DeleteAsync($"/servers/{server}/invites")).EnsureSuccessStatusCode();
        await Make("active", new { max_age = 0 });
        return (server, codes);
    }

    private async Task<Dictionary<string, string>> StatusesAsync(string owner, string server, string status) =>
        (await (await app.As(owner).GetAsync($"/servers/{server}/invites?status={status}")).ReadJsonAsync()).AsArray()
            .ToDictionary(i => i!["code"]!.GetValue<string>(), i => i!["status"]!.GetValue<string>());

    [Fact]
    public async Task Each_status_lists_its_invites_with_their_status_and_all_lists_every_one_newest_first()
    {
        var (server, codes) = await ServerWithEveryStatusAsync("is-owner1");
        var byCode = codes.ToDictionary(c => c.Value, c => c.Key);
        var expected = new Dictionary<string, string>
        {
            ["expired"] = "expired", ["used_up"] = "used_up", ["both"] = "used_up", ["deleted"] = "revoked", ["revoked"] = "revoked", ["active"] = "active",
        };

        var all = await (await app.As("is-owner1").GetAsync($"/servers/{server}/invites?status=all")).ReadJsonAsync();

        all.AsArray().Select(i => byCode[i!["code"]!.GetValue<string>()])
            .ShouldBe(["active", "revoked", "deleted", "both", "used_up", "expired"]);
        all.AsArray().ShouldAllBe(i => i!["status"]!.GetValue<string>() == expected[byCode[i["code"]!.GetValue<string>()]]);
        foreach (var status in new[] { "active", "expired", "used_up", "revoked" })
        {
            var listed = await StatusesAsync("is-owner1", server, status);
            listed.Keys.Select(c => byCode[c]).ShouldBe(expected.Where(e => e.Value == status).Select(e => e.Key), ignoreOrder: true);
            listed.Values.ShouldAllBe(s => s == status);
        }
    }

    [Fact]
    public async Task An_archived_invite_keeps_its_status_and_the_default_list_stays_the_seeds()
    {
        var (server, codes) = await ServerWithEveryStatusAsync("is-owner2");
        var before = await StatusesAsync("is-owner2", server, "all");

        await app.Services.GetRequiredService<HousekeepingService>().RunOnceAsync(CancellationToken.None);

        (await StatusesAsync("is-owner2", server, "all")).ShouldBe(before);
        var plain = (await (await app.As("is-owner2").GetAsync($"/servers/{server}/invites")).ReadJsonAsync()).AsArray();
        plain.Select(i => i!["code"]!.GetValue<string>()).ShouldBe([codes["active"]]);
        plain.ShouldAllBe(i => !i!.AsObject().ContainsKey("status"));
    }

    [Fact]
    public async Task With_a_status_the_list_comes_in_pages_of_100_by_default_with_a_link_that_keeps_the_status()
    {
        var (server, channel) = await app.CreateServerAsync("is-owner3");
        for (var i = 0; i < 101; i++)
        {
            using (app.Time.Shift(TimeSpan.FromSeconds(i)))
            {
                await app.CreateInviteAsync("is-owner3", channel, new { max_age = 0 });
            }
        }

        var first = await app.As("is-owner3").GetAsync($"/servers/{server}/invites?status=active");
        var pages = await Pages.FollowAsync(app.As("is-owner3"), $"/servers/{server}/invites?status=all&limit=60");

        (await first.ReadJsonAsync()).AsArray().Count.ShouldBe(100);
        Pages.NextLink(first).ShouldStartWith($"/servers/{server}/invites?status=active&limit=100&after=");
        pages.Select(p => p.Rows.Count).ShouldBe([60, 41]);
        pages.All("code").Distinct().Count().ShouldBe(101);
        (await (await app.As("is-owner3").GetAsync($"/servers/{server}/invites")).ReadJsonAsync()).AsArray().Count.ShouldBe(101);
    }

    [Fact]
    public async Task An_unknown_status_is_refused_naming_it()
    {
        var (server, _) = await app.CreateServerAsync("is-owner4");

        var response = await app.As("is-owner4").GetAsync($"/servers/{server}/invites?status=deleted");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["status"]);
    }

    [Fact]
    public async Task The_status_list_needs_what_the_list_needs()
    {
        var (server, _) = await app.ServerWithMembersAsync("is-owner5", "is-member5");

        var response = await app.As("is-member5").GetAsync($"/servers/{server}/invites?status=all");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("no_permission");
    }
}
