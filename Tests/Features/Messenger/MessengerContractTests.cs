using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Messenger;

/// <summary>One snapshot per Messenger response, each checked key by key against the seed's example.</summary>
public sealed class MessengerContractTests(InviteApp app) : IClassFixture<InviteApp>
{
    private const string Api = "/api/messenger";

    private async Task<(string Thread, string Channel)> Thread(string owner)
    {
        var (thread, channel) = await app.CreateServerAsync(owner, "Test Party!");
        return (thread, channel);
    }

    [Fact]
    public async Task List_returns_data_and_meta()
    {
        var (thread, _) = await Thread("mc-owner1");
        var owner = app.As("mc-owner1", picture: "img_5fcee7c1e64404.55920965.jpg");
        (await owner.PostAsJsonAsync($"{Api}/threads/{thread}/invites", new { expires = 7, uses = 25 })).EnsureSuccessStatusCode();
        using var later = app.Time.Shift(TimeSpan.FromMinutes(2));
        (await owner.PostAsJsonAsync($"{Api}/threads/{thread}/invites", new { expires = 0, uses = 0 })).EnsureSuccessStatusCode();

        await Snapshot.VerifyAsync(await owner.GetAsync($"{Api}/threads/{thread}/invites"), seed: "messenger/list");
    }

    [Fact]
    public async Task Create_returns_201_with_the_owner_block()
    {
        var (thread, _) = await Thread("mc-owner2");

        var response = await app.As("mc-owner2", picture: "img_5fcee7c1e64404.55920965.jpg")
            .PostAsJsonAsync($"{Api}/threads/{thread}/invites", new { expires = 7, uses = 25 });

        await Snapshot.VerifyAsync(response, seed: "messenger/create");
    }

    [Fact]
    public async Task Delete_returns_200_success()
    {
        var (thread, _) = await Thread("mc-owner3");
        var owner = app.As("mc-owner3");
        var id = (await (await owner.PostAsJsonAsync($"{Api}/threads/{thread}/invites", new { uses = 1 })).ReadJsonAsync())["id"]!.GetValue<string>();

        await Snapshot.VerifyAsync(await owner.DeleteAsync($"{Api}/threads/{thread}/invites/{id}"), seed: "messenger/delete");
    }

    [Fact]
    public async Task Join_preview_of_a_valid_invite()
    {
        var (_, channel) = await Thread("mc-owner4");
        var code = await app.CreateInviteAsync("mc-owner4", channel, new { max_age = 0 });

        await Snapshot.VerifyAsync(await app.As("mc-viewer4").GetAsync($"{Api}/join/{code}"), seed: "messenger/join-preview");
    }

    [Fact]
    public async Task Join_preview_of_a_used_up_invite_is_not_valid()
    {
        var (_, channel) = await Thread("mc-owner5");
        var code = await app.CreateInviteAsync("mc-owner5", channel, new { max_uses = 1 });
        await app.JoinAsync("mc-joiner5", code);

        await Snapshot.VerifyAsync(await app.As(null).GetAsync($"{Api}/join/{code}"), seed: "messenger/join-preview");
    }

    [Fact]
    public async Task Join_returns_201_with_the_participant()
    {
        var (_, channel) = await Thread("mc-owner6");
        var code = await app.CreateInviteAsync("mc-owner6", channel);

        await Snapshot.VerifyAsync(await app.As("mc-joiner6").PostAsync($"{Api}/join/{code}", null), seed: "messenger/join");
    }

    [Fact]
    public async Task Error_unknown_thread() =>
        await Snapshot.VerifyAsync(await app.As("mc-user7").GetAsync($"{Api}/threads/{Guid.NewGuid()}/invites"));

    [Fact]
    public async Task Error_unknown_invite() =>
        await Snapshot.VerifyAsync(await app.As(null).GetAsync($"{Api}/join/NoSuchCode"));

    [Fact]
    public async Task Error_not_authorized_to_view()
    {
        var (thread, _) = await Thread("mc-owner8");
        await Snapshot.VerifyAsync(await app.As("mc-stranger8").GetAsync($"{Api}/threads/{thread}/invites"));
    }

    [Fact]
    public async Task Error_not_authorized_to_create_at_the_cap()
    {
        var (thread, _) = await Thread("mc-owner9");
        (await app.As("mc-owner9").PatchAsJsonAsync($"/servers/{thread}", new { max_invites = 1 })).EnsureSuccessStatusCode();
        (await app.As("mc-owner9").PostAsJsonAsync($"{Api}/threads/{thread}/invites", new { uses = 0 })).EnsureSuccessStatusCode();

        await Snapshot.VerifyAsync(await app.As("mc-owner9").PostAsJsonAsync($"{Api}/threads/{thread}/invites", new { uses = 0 }));
    }

    [Fact]
    public async Task Error_not_authorized_to_destroy()
    {
        var (thread, _) = await app.ServerWithMembersAsync("mc-owner10", "mc-member10");
        var id = (await (await app.As("mc-owner10").PostAsJsonAsync($"{Api}/threads/{thread}/invites", new { uses = 0 })).ReadJsonAsync())["id"]!.GetValue<string>();

        await Snapshot.VerifyAsync(await app.As("mc-member10").DeleteAsync($"{Api}/threads/{thread}/invites/{id}"));
    }

    [Fact]
    public async Task Error_not_authorized_to_join()
    {
        var (_, channel) = await Thread("mc-owner11");
        var code = await app.CreateInviteAsync("mc-owner11", channel);

        await Snapshot.VerifyAsync(await app.As("mc-owner11").PostAsync($"{Api}/join/{code}", null));
    }

    [Fact]
    public async Task Error_validation_is_422_with_errors()
    {
        var (thread, _) = await Thread("mc-owner12");

        await Snapshot.VerifyAsync(await app.As("mc-owner12").PostAsJsonAsync($"{Api}/threads/{thread}/invites", new { expires = 9, uses = 101 }));
    }

    [Fact]
    public async Task Error_unauthenticated() =>
        await Snapshot.VerifyAsync(await app.As(null).PostAsync($"{Api}/join/whatever", null));
}
