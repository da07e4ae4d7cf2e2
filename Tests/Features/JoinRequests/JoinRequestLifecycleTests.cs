using System.Net;
using System.Net.Http.Json;
using InviteService.Infrastructure.Housekeeping;
using InviteService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InviteService.Tests.Features.JoinRequests;

/// <summary>How pending requests end besides an answer: their invite deleted or revoked, a ban, a join another way, their age.</summary>
public sealed class JoinRequestLifecycleTests(InviteApp app) : IClassFixture<InviteApp>
{
    private async Task<(string Server, string Channel, string Code)> ApprovalLinkAsync(string owner, object? options = null)
    {
        var (server, channel) = await app.CreateServerAsync(owner);
        return (server, channel, await app.CreateInviteAsync(owner, channel, options ?? new { requires_approval = true }));
    }

    private async Task AskAsync(string user, string code) =>
        (await app.As(user).PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

    private bool IsPending(string server, string user) =>
        app.Scalar("SELECT COUNT(*) FROM join_requests WHERE server_id = @server AND user_id = @user", new { server, user }) == 1;

    private Task<long> HousekeepingAsync() =>
        app.Services.GetRequiredService<HousekeepingService>().RunOnceAsync(CancellationToken.None);

    [Fact]
    public async Task Deleting_an_invite_declines_its_pending_requests_and_only_those()
    {
        var (server, channel, code) = await ApprovalLinkAsync("jc1-owner");
        var other = await app.CreateInviteAsync("jc1-owner", channel, new { requires_approval = true });
        await AskAsync("jc1-alice", code);
        await AskAsync("jc1-bob", code);
        await AskAsync("jc1-carol", other);

        (await app.As("jc1-owner").DeleteAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        IsPending(server, "jc1-alice").ShouldBeFalse();
        IsPending(server, "jc1-bob").ShouldBeFalse();
        IsPending(server, "jc1-carol").ShouldBeTrue();
    }

    [Fact]
    public async Task Revoking_every_invite_or_banning_an_invites_creator_declines_their_requests()
    {
        var (server, channel, code) = await ApprovalLinkAsync("jc2-owner");
        await app.JoinAsync("jc2-mod", await app.CreateInviteAsync("jc2-owner", channel));
        var mods = await app.CreateInviteAsync("jc2-mod", channel, new { requires_approval = true });
        await AskAsync("jc2-alice", code);
        await AskAsync("jc2-bob", mods);

        (await app.As("jc2-owner").PutAsJsonAsync($"/servers/{server}/bans/jc2-mod", new { })).EnsureSuccessStatusCode();
        IsPending(server, "jc2-bob").ShouldBeFalse();
        IsPending(server, "jc2-alice").ShouldBeTrue();

        (await app.As("jc2-owner").DeleteAsync($"/servers/{server}/invites")).EnsureSuccessStatusCode();
        IsPending(server, "jc2-alice").ShouldBeFalse();
    }

    [Fact]
    public async Task A_ban_declines_the_banned_users_request()
    {
        var (server, _, code) = await ApprovalLinkAsync("jc3-owner");
        await AskAsync("jc3-alice", code);

        (await app.As("jc3-owner").PutAsJsonAsync($"/servers/{server}/bans/jc3-alice", new { })).EnsureSuccessStatusCode();

        IsPending(server, "jc3-alice").ShouldBeFalse();
    }

    [Fact]
    public async Task Joining_through_an_ordinary_invite_ends_the_users_pending_request()
    {
        var (server, channel, code) = await ApprovalLinkAsync("jc4-owner");
        var open = await app.CreateInviteAsync("jc4-owner", channel);
        await AskAsync("jc4-alice", code);

        await app.JoinAsync("jc4-alice", open);

        IsPending(server, "jc4-alice").ShouldBeFalse();
        var approve = await app.As("jc4-owner").PostAsync($"/servers/{server}/join-requests/jc4-alice/approve", null);
        approve.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(0);
    }

    [Fact]
    public async Task An_invite_archived_once_used_up_leaves_its_requests_pending()
    {
        var (server, _, code) = await ApprovalLinkAsync("jc5-owner", new { requires_approval = true, max_uses = 1 });
        await AskAsync("jc5-alice", code);
        await AskAsync("jc5-bob", code);
        (await app.As("jc5-owner").PostAsync($"/servers/{server}/join-requests/jc5-alice/approve", null)).EnsureSuccessStatusCode();

        await HousekeepingAsync();

        app.Scalar("SELECT COUNT(*) FROM invites WHERE code = @code AND deleted_reason = 'used_up'", new { code }).ShouldBe(1);
        IsPending(server, "jc5-bob").ShouldBeTrue();
    }

    [Fact]
    public async Task Housekeeping_expires_requests_older_than_the_ttl_of_seven_days_by_default()
    {
        var ttl = app.Services.GetRequiredService<IOptions<InviteService.Features.JoinRequests.JoinRequestOptions>>().Value.Ttl;
        ttl.ShouldBe(TimeSpan.FromDays(7));
        var (server, _, code) = await ApprovalLinkAsync("jc6-owner", new { requires_approval = true, max_age = 0 });
        await AskAsync("jc6-old", code);
        using (app.Time.Shift(TimeSpan.FromDays(1))) await AskAsync("jc6-young", code);

        using (app.Time.Shift(ttl - TimeSpan.FromSeconds(1)))
        {
            await HousekeepingAsync();
            IsPending(server, "jc6-old").ShouldBeTrue();
        }

        using (app.Time.Shift(ttl))
        {
            await HousekeepingAsync();
            IsPending(server, "jc6-old").ShouldBeFalse();
            IsPending(server, "jc6-young").ShouldBeTrue();
        }
    }

    [Fact]
    public async Task The_housekeeping_command_says_how_many_requests_expired_under_a_configured_ttl()
    {
        await using var short_ = new InviteApp().With("JoinRequests:Ttl", "01:00:00");
        var (_, channel) = await short_.CreateServerAsync("jc7-owner");
        var code = await short_.CreateInviteAsync("jc7-owner", channel, new { requires_approval = true });
        (await short_.As("jc7-alice").PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        using var later = short_.Time.Shift(TimeSpan.FromHours(1));
        var outcomes = await short_.Services.GetRequiredService<HousekeepingJob>().RunAsync(CancellationToken.None);

        outcomes.Select(o => o.Line).ShouldContain("expired 1 unanswered join request");
        short_.Scalar("SELECT COUNT(*) FROM join_requests").ShouldBe(0);
    }

    [Theory]
    [InlineData("00:00:10")]
    [InlineData("400.00:00:00")]
    public void A_ttl_out_of_range_is_refused_at_start(string ttl)
    {
        using var refused = InviteApp.OnFile(InviteApp.NewDatabasePath()).With("JoinRequests:Ttl", ttl);

        var ex = Should.Throw<OptionsValidationException>(() => refused.Start());
        ex.Message.ShouldContain("Ttl");
    }
}
