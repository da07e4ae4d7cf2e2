using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Hearth;

/// <summary>One snapshot per Hearth response shape and error, each checked key by key against the seed's example.</summary>
public sealed class HearthContractTests(InviteApp app) : IClassFixture<InviteApp>
{
    [Fact]
    public async Task Preview_returns_the_invite_with_guild_and_channel()
    {
        var (_, channel) = await app.ServerWithMembersAsync("owner1", "member1");
        var code = await app.CreateInviteAsync("owner1", channel, new { max_age = 604800, max_uses = 100 });
        await app.JoinAsync("joiner1", code);

        await Snapshot.VerifyAsync(await app.As(null).GetAsync($"/invites/{code}"), seed: "hearth/preview");
    }

    [Fact]
    public async Task Join_returns_200_with_the_server_object()
    {
        var (_, channel) = await app.CreateServerAsync("owner2");
        var code = await app.CreateInviteAsync("owner2", channel);

        await Snapshot.VerifyAsync(await app.As("joiner2").PostAsync($"/invites/{code}", null), seed: "hearth/join-server");
    }

    [Fact]
    public async Task Create_returns_201_with_location_and_the_invite_object()
    {
        var (_, channel) = await app.CreateServerAsync("owner3");

        var response = await app.As("owner3").PostAsJsonAsync($"/channels/{channel}/invites", new { max_age = 86400, max_uses = 10, temporary = false });

        await Snapshot.VerifyAsync(response, seed: "hearth/create");
    }

    [Fact]
    public async Task List_returns_active_invites_newest_first()
    {
        var (server, channel) = await app.CreateServerAsync("owner4");
        await app.CreateInviteAsync("owner4", channel, new { max_age = 0 });
        using var later = app.Time.Shift(TimeSpan.FromMinutes(1));
        await app.CreateInviteAsync("owner4", channel, new { max_uses = 5, temporary = true });

        await Snapshot.VerifyAsync(await app.As("owner4").GetAsync($"/servers/{server}/invites"), seed: "hearth/list");
    }

    [Fact]
    public async Task Delete_returns_204_without_a_body()
    {
        var (_, channel) = await app.CreateServerAsync("owner5");
        var code = await app.CreateInviteAsync("owner5", channel);

        await Snapshot.VerifyAsync(await app.As("owner5").DeleteAsync($"/invites/{code}"));
    }

    [Fact]
    public async Task Error_not_found_is_problem_json_with_the_seed_code() =>
        await Snapshot.VerifyAsync(await app.As(null).GetAsync("/invites/NoSuchCode"));

    [Fact]
    public async Task Error_already_member()
    {
        var (_, channel) = await app.CreateServerAsync("owner6");
        var code = await app.CreateInviteAsync("owner6", channel);
        await app.JoinAsync("joiner6", code);

        await Snapshot.VerifyAsync(await app.As("joiner6").PostAsync($"/invites/{code}", null));
    }

    [Fact]
    public async Task Error_invite_expired()
    {
        var (_, channel) = await app.CreateServerAsync("owner7");
        var code = await app.CreateInviteAsync("owner7", channel, new { max_age = 60 });
        using (app.Time.Shift(TimeSpan.FromSeconds(61)))
        {
            await Snapshot.VerifyAsync(await app.As("joiner7").PostAsync($"/invites/{code}", null));
        }
    }

    [Fact]
    public async Task Error_max_uses()
    {
        var (_, channel) = await app.CreateServerAsync("owner8");
        var code = await app.CreateInviteAsync("owner8", channel, new { max_uses = 1 });
        await app.JoinAsync("joiner8a", code);

        await Snapshot.VerifyAsync(await app.As("joiner8b").PostAsync($"/invites/{code}", null));
    }

    [Fact]
    public async Task Error_banned()
    {
        var (server, channel) = await app.CreateServerAsync("owner9");
        var code = await app.CreateInviteAsync("owner9", channel);
        (await app.As("owner9").PutAsJsonAsync($"/servers/{server}/bans/joiner9", new { reason = "spam" })).EnsureSuccessStatusCode();

        await Snapshot.VerifyAsync(await app.As("joiner9").PostAsync($"/invites/{code}", null));
    }

    [Fact]
    public async Task Error_no_permission_on_create()
    {
        var (_, channel) = await app.CreateServerAsync("owner10");

        await Snapshot.VerifyAsync(await app.As("stranger10").PostAsJsonAsync($"/channels/{channel}/invites", new { }));
    }

    [Fact]
    public async Task Error_no_permission_on_delete()
    {
        var (_, channel) = await app.ServerWithMembersAsync("owner11", "member11");
        var code = await app.CreateInviteAsync("owner11", channel);

        await Snapshot.VerifyAsync(await app.As("member11").DeleteAsync($"/invites/{code}"));
    }

    [Fact]
    public async Task Error_max_invites()
    {
        var (server, channel) = await app.CreateServerAsync("owner12");
        (await app.As("owner12").PatchAsJsonAsync($"/servers/{server}", new { max_invites = 1 })).EnsureSuccessStatusCode();
        await app.CreateInviteAsync("owner12", channel);

        await Snapshot.VerifyAsync(await app.As("owner12").PostAsJsonAsync($"/channels/{channel}/invites", new { }));
    }

    [Fact]
    public async Task Error_validation_failed_lists_fields()
    {
        var (_, channel) = await app.CreateServerAsync("owner13");

        await Snapshot.VerifyAsync(await app.As("owner13").PostAsJsonAsync($"/channels/{channel}/invites", new { max_age = -1, max_uses = 101 }));
    }

    [Fact]
    public async Task Error_unauthorized_for_anonymous_writes() =>
        await Snapshot.VerifyAsync(await app.As(null).PostAsync("/invites/whatever", null));
}
