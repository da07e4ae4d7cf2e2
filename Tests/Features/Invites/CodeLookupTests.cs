using System.Net.Http.Json;
using Dapper;
using InviteService.Features.Invites;
using InviteService.Infrastructure.Database;
using InviteService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InviteService.Tests.Features.Invites;

/// <summary>
/// <see cref="CodeLookup"/> reads its row by position for speed; this holds it to what Dapper's mapping by column name reads
/// from the same query, on both stores (a PostgreSQL <c>EXISTS</c> is a boolean, SQLite's an integer).
/// </summary>
public sealed class CodeLookupTests
{
    [Fact]
    public async Task A_code_lookup_reads_by_position_exactly_what_mapping_by_name_reads()
    {
        await using var app = new InviteApp();
        var (server, channel) = await app.CreateServerAsync("dl-owner");
        app.Time.Advance(TimeSpan.FromMinutes(3));
        (await app.As("dl-admin", admin: true).PatchAsJsonAsync($"/servers/{server}", new { features = new[] { "VANITY_URL" } })).EnsureSuccessStatusCode();
        (await app.As("dl-owner").PatchAsJsonAsync($"/servers/{server}", new { icon_url = "https://cdn.example/icon.png", vanity_code = "dl-vanity" }))
            .EnsureSuccessStatusCode();
        app.Time.Advance(TimeSpan.FromMinutes(5));
        var code = await app.CreateInviteAsync("dl-owner", channel, new { max_age = 3600, max_uses = 5, temporary = true });
        app.Time.Advance(TimeSpan.FromMinutes(7));
        await app.JoinAsync("dl-member", code);
        await app.JoinAsync("dl-other", "dl-vanity");
        (await app.As("dl-owner").PutAsJsonAsync($"/servers/{server}/bans/dl-banned", new { })).EnsureSuccessStatusCode();
        var now = app.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var db = app.Services.GetRequiredService<Db>();

        foreach (var viewer in new[] { "dl-member", "dl-banned", null })
        {
            var args = new { Code = code, Now = now, ViewerId = viewer };
            var (invite, byName) = await db.ReadAsync(async connection => (
                await CodeLookup.FindAsync(connection, code, now, viewer),
                (await connection.QueryAsync<InviteRow, CodeServer, CodeChannel, ResolvedCode>(
                    CodeLookup.Sql.Invite, (i, s, c) => new ResolvedCode(i, s, c, false, CodeState.Usable), args, splitOn: "Id,Id")).Single()));
            invite.ShouldNotBeNull();
            invite.Invite.ShouldBeEquivalentTo(byName.Invite);
            invite.Server.ShouldBeEquivalentTo(byName.Server);
            invite.Channel.ShouldBeEquivalentTo(byName.Channel);
            invite.IsVanity.ShouldBeFalse();

            var (vanity, vanityByName) = await db.ReadAsync(async connection => (
                await CodeLookup.FindAsync(connection, "DL-Vanity", now, viewer),
                (await connection.QueryAsync<CodeServer, CodeChannel, (CodeServer, CodeChannel)>(
                    CodeLookup.Sql.Vanity, (s, c) => (s, c), args with { Code = "dl-vanity" }, splitOn: "Id")).Single()));
            vanity.ShouldNotBeNull();
            vanity.Server.ShouldBeEquivalentTo(vanityByName.Item1);
            vanity.Channel.ShouldBeEquivalentTo(vanityByName.Item2);
            vanity.IsVanity.ShouldBeTrue();
        }

        // The values differ from each other, so a column read from the wrong position could not go unnoticed.
        var seen = await db.ReadAsync(connection => CodeLookup.FindAsync(connection, code, now, "dl-member"));
        seen!.Invite.ExpiresAt.ShouldNotBeNull();
        seen.Invite.Temporary.ShouldBeTrue();
        seen.Invite.Uses.ShouldBe(1);
        seen.Server.ViewerIsMember.ShouldBeTrue();
        seen.Server.IconUrl.ShouldBe("https://cdn.example/icon.png");
        seen.Server.UpdatedAt.ShouldNotBe(seen.Server.CreatedAt);
        seen.Invite.CreatedAt.ShouldNotBe(seen.Server.CreatedAt);
    }
}
