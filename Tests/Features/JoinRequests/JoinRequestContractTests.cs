using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.JoinRequests;

/// <summary>One snapshot per join-request response shape; the Messenger face's pending participant against its seed.</summary>
public sealed class JoinRequestContractTests(InviteApp app) : IClassFixture<InviteApp>
{
    private async Task<(string Server, string Code)> AskedAsync(string prefix, params string[] applicants)
    {
        var (server, channel) = await app.CreateServerAsync(prefix + "-owner");
        var code = await app.CreateInviteAsync(prefix + "-owner", channel, new { requires_approval = true, max_uses = 10 });
        foreach (var user in applicants) (await app.As(user).PostAsync($"/invites/{code}", null)).EnsureSuccessStatusCode();
        return (server, code);
    }

    [Fact]
    public async Task Asking_returns_202_with_the_pending_request()
    {
        var (_, code) = await AskedAsync("jk1");

        await Snapshot.VerifyAsync(await app.As("jk1-alice").PostAsync($"/invites/{code}", null));
    }

    [Fact]
    public async Task The_messenger_join_returns_201_with_the_participant_pending()
    {
        var (_, code) = await AskedAsync("jk2");

        await Snapshot.VerifyAsync(await app.As("jk2-alice").PostAsync($"/api/messenger/join/{code}", null), seed: "messenger/join");
    }

    [Fact]
    public async Task The_list_returns_the_pending_requests_oldest_first()
    {
        var (server, _) = await AskedAsync("jk3", "jk3-alice", "jk3-bob");

        await Snapshot.VerifyAsync(await app.As("jk3-owner").GetAsync($"/servers/{server}/join-requests"));
    }

    [Fact]
    public async Task Approve_returns_200_with_the_member_and_who_approved()
    {
        var (server, _) = await AskedAsync("jk4", "jk4-alice");

        await Snapshot.VerifyAsync(await app.As("jk4-owner").PostAsync($"/servers/{server}/join-requests/jk4-alice/approve", null));
    }

    [Fact]
    public async Task Decline_returns_204_without_a_body()
    {
        var (server, _) = await AskedAsync("jk5", "jk5-alice");

        await Snapshot.VerifyAsync(await app.As("jk5-owner").PostAsJsonAsync($"/servers/{server}/join-requests/jk5-alice/decline", new { ban = true, reason = "spam" }));
    }

    [Fact]
    public async Task Bulk_approve_returns_how_many_were_approved_and_left_pending()
    {
        var (server, code) = await AskedAsync("jk6", "jk6-alice", "jk6-bob");

        await Snapshot.VerifyAsync(await app.As("jk6-owner").PostAsJsonAsync($"/servers/{server}/join-requests/approve", new { invite = code }));
    }

    [Fact]
    public async Task Bulk_decline_returns_how_many_were_declined()
    {
        var (server, _) = await AskedAsync("jk7", "jk7-alice", "jk7-bob");

        await Snapshot.VerifyAsync(await app.As("jk7-owner").PostAsJsonAsync($"/servers/{server}/join-requests/decline", new { user_ids = new[] { "jk7-alice", "jk7-bob" } }));
    }
}
