using System.Net;
using System.Net.Http.Json;
using InviteService.Features.Invites;
using InviteService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InviteService.Tests.Features.Invites;

/// <summary>Pausing, revoking, housekeeping and the joins list.</summary>
public sealed class InviteLifecycleTests(InviteApp app) : IClassFixture<InviteApp>
{
    [Fact]
    public async Task A_timed_pause_hides_previews_refuses_joins_and_creation_and_resumes_on_time()
    {
        var (server, channel) = await app.CreateServerAsync("l-owner1");
        var code = await app.CreateInviteAsync("l-owner1", channel, new { max_age = 0 });
        var until = app.Time.GetUtcNow().AddHours(1);

        var paused = await app.As("l-owner1").PatchAsJsonAsync($"/servers/{server}", new { invites_paused_until = until });
        await Snapshot.VerifyAsync(paused);

        (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var join = await app.As("l-user1").PostAsync($"/invites/{code}", null);
        (await join.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("invites_paused");
        var create = await app.As("l-owner1").PostAsJsonAsync($"/channels/{channel}/invites", new { });
        (await create.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("invites_paused");

        using (app.Time.Shift(TimeSpan.FromMinutes(59)))
        {
            (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using (app.Time.Shift(TimeSpan.FromHours(1)))
        {
            (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await app.As("l-user1").PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
            var details = await (await app.As("l-owner1").GetAsync($"/servers/{server}")).ReadJsonAsync();
            details["invites_enabled"]!.GetValue<bool>().ShouldBeTrue();
            details["invites_paused_until"].ShouldBeNull();
        }
    }

    [Fact]
    public async Task An_open_ended_pause_lasts_until_re_enabled()
    {
        var (server, channel) = await app.CreateServerAsync("l-owner2");
        var code = await app.CreateInviteAsync("l-owner2", channel, new { max_age = 0 });
        (await app.As("l-owner2").PatchAsJsonAsync($"/servers/{server}", new { invites_enabled = false })).EnsureSuccessStatusCode();

        using (app.Time.Shift(TimeSpan.FromDays(30)))
        {
            (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        (await app.As("l-owner2").PatchAsJsonAsync($"/servers/{server}", new { invites_enabled = true })).EnsureSuccessStatusCode();
        (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Null_ends_a_timed_pause_now_and_leaves_an_open_ended_one_alone()
    {
        var (server, channel) = await app.CreateServerAsync("l-owner5");
        var code = await app.CreateInviteAsync("l-owner5", channel, new { max_age = 0 });
        (await app.As("l-owner5").PatchAsJsonAsync($"/servers/{server}", new { invites_paused_until = app.Time.GetUtcNow().AddHours(1) })).EnsureSuccessStatusCode();

        var resumed = await app.As("l-owner5").PatchAsync($"/servers/{server}", JsonContent.Create(new { invites_paused_until = (DateTimeOffset?)null }));

        resumed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var details = await resumed.ReadJsonAsync();
        details["invites_enabled"]!.GetValue<bool>().ShouldBeTrue();
        details["invites_paused_until"].ShouldBeNull();
        (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A pause without an end was switched off by hand and is switched on by hand (invites_enabled): null leaves it.
        (await app.As("l-owner5").PatchAsJsonAsync($"/servers/{server}", new { invites_enabled = false })).EnsureSuccessStatusCode();
        (await app.As("l-owner5").PatchAsync($"/servers/{server}", JsonContent.Create(new { invites_paused_until = (DateTimeOffset?)null }))).EnsureSuccessStatusCode();
        (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_pause_must_end_in_the_future()
    {
        var (server, _) = await app.CreateServerAsync("l-owner3");

        var response = await app.As("l-owner3").PatchAsJsonAsync($"/servers/{server}", new { invites_paused_until = app.Time.GetUtcNow().AddMinutes(-1) });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!["invites_paused_until"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Revoke_all_soft_deletes_every_active_invite_and_says_how_many()
    {
        var (server, channel) = await app.CreateServerAsync("l-owner4");
        var (otherServer, otherChannel) = await app.CreateServerAsync("l-owner4");
        for (var i = 0; i < 3; i++) await app.CreateInviteAsync("l-owner4", channel);
        var spent = await app.CreateInviteAsync("l-owner4", channel, new { max_uses = 1 });
        await app.JoinAsync("l-user4", spent);
        var untouched = await app.CreateInviteAsync("l-owner4", otherChannel);

        (await app.As("l-user4").DeleteAsync($"/servers/{server}/invites")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var response = await app.As("l-owner4").DeleteAsync($"/servers/{server}/invites");

        await Snapshot.VerifyAsync(response);
        app.Scalar("SELECT COUNT(*) FROM invites WHERE server_id = @server AND deleted_at IS NULL AND max_uses = 0", new { server }).ShouldBe(0);
        (await app.As(null).GetAsync($"/invites/{untouched}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await app.As("l-owner4").DeleteAsync($"/servers/{server}/invites")).ReadJsonAsync())["revoked"]!.GetValue<int>().ShouldBe(0);
        _ = otherServer;
    }

    [Fact]
    public async Task Housekeeping_archives_exactly_the_expired_and_used_up_invites()
    {
        await using var fresh = new InviteApp();
        var (_, channel) = await fresh.CreateServerAsync("l-owner5");
        var expiring = await fresh.CreateInviteAsync("l-owner5", channel, new { max_age = 60 });
        var usedUp = await fresh.CreateInviteAsync("l-owner5", channel, new { max_uses = 1, max_age = 0 });
        await fresh.JoinAsync("l-user5", usedUp);
        var alive = await fresh.CreateInviteAsync("l-owner5", channel, new { max_age = 3600 });
        var never = await fresh.CreateInviteAsync("l-owner5", channel, new { max_age = 0, max_uses = 5 });
        var housekeeping = fresh.Services.GetRequiredService<InviteService.Infrastructure.Housekeeping.HousekeepingService>();

        (await housekeeping.RunOnceAsync(CancellationToken.None)).ShouldBe(1); // only the used-up one so far
        using var later = fresh.Time.Shift(TimeSpan.FromSeconds(61));
        (await housekeeping.RunOnceAsync(CancellationToken.None)).ShouldBe(1); // now the expired one
        (await housekeeping.RunOnceAsync(CancellationToken.None)).ShouldBe(0);

        string Deleted(string code) => fresh.Scalar("SELECT deleted_at IS NOT NULL FROM invites WHERE code = @code", new { code }) == 1 ? "deleted" : "kept";
        new[] { Deleted(expiring), Deleted(usedUp), Deleted(alive), Deleted(never) }.ShouldBe(["deleted", "deleted", "kept", "kept"]);
    }

    [Fact]
    public async Task The_background_service_archives_on_its_interval()
    {
        await using var fresh = new InviteApp().With("Housekeeping:Enabled", "true").With("Housekeeping:Interval", "00:10:00");
        var (_, channel) = await fresh.CreateServerAsync("l-owner6");
        var usedUp = await fresh.CreateInviteAsync("l-owner6", channel, new { max_uses = 1 });
        await fresh.JoinAsync("l-user6", usedUp);
        fresh.Scalar("SELECT COUNT(*) FROM invites WHERE code = @usedUp AND deleted_at IS NOT NULL", new { usedUp }).ShouldBe(0);

        // The service's timer runs on the test's clock: each ten minutes on it is a round of housekeeping.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (fresh.Scalar("SELECT COUNT(*) FROM invites WHERE deleted_at IS NOT NULL") == 0 && DateTime.UtcNow < deadline)
        {
            fresh.Time.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(50);
        }

        fresh.Scalar("SELECT COUNT(*) FROM invites WHERE code = @usedUp AND deleted_at IS NOT NULL", new { usedUp }).ShouldBe(1);
    }

    [Fact]
    public async Task The_housekeeping_command_prints_how_many_it_archived()
    {
        var path = InviteApp.NewDatabasePath();
        await using (var seeded = InviteApp.OnFile(path))
        {
            var (_, channel) = await seeded.CreateServerAsync("l-owner7");
            for (var i = 0; i < 2; i++)
            {
                var code = await seeded.CreateInviteAsync("l-owner7", channel, new { max_uses = 1 });
                await seeded.JoinAsync($"l-user7-{i}", code);
            }
        }

        var output = new StringWriter();
        var exit = await InviteService.App.Commands.ProgramCommands.RunAsync(
            ["housekeeping", .. TestStore.CommandLine(path), "--Auth:SigningKey=" + InviteApp.SigningKey], output, TextWriter.Null);

        exit.ShouldBe(0);
        output.ToString().Trim().ShouldBe("archived 2 dead invites");
    }

    [Fact]
    public async Task The_joins_list_shows_who_joined_when_and_whether_they_are_still_in()
    {
        var (server, channel) = await app.CreateServerAsync("l-owner8");
        var code = await app.CreateInviteAsync("l-owner8", channel);
        await app.JoinAsync("l-stays8", code);
        using var later = app.Time.Shift(TimeSpan.FromMinutes(1));
        await app.JoinAsync("l-leaves8", code);
        (await app.As("l-leaves8").DeleteAsync($"/servers/{server}/members/l-leaves8")).EnsureSuccessStatusCode();
        await app.As("l-owner8").DeleteAsync($"/invites/{code}");

        await Snapshot.VerifyAsync(await app.As("l-owner8").GetAsync($"/invites/{code}/joins"));
        // A member who may not see the joins gets the very answer an unknown code gets: the route tells nothing.
        var hidden = await app.As("l-stays8").GetAsync($"/invites/{code}/joins");
        var unknown = await app.As("l-stays8").GetAsync("/invites/NoSuchCode/joins");
        hidden.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await hidden.ReadJsonAsync()).ToJsonString().ShouldBe((await unknown.ReadJsonAsync()).ToJsonString().Replace(
            unknown.Headers.GetValues("X-Request-Id").Single(), hidden.Headers.GetValues("X-Request-Id").Single()));
    }
}
