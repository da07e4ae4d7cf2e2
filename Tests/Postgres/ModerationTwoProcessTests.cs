using System.Net;
using InviteService.Tests.Support;

namespace InviteService.Tests.Postgres;

/// <summary>
/// The raid brake and the one-call cleanup on two real service processes sharing one PostgreSQL database: the brake's count
/// holds across processes as the single writer holds it within one, and a cleanup racing joins through the same link leaves
/// no member of it behind that joined before it.
/// </summary>
public sealed class ModerationTwoProcessTests(TwoProcesses pair) : OnTwoProcesses(pair), IClassFixture<TwoProcesses>
{
    [Fact]
    public async Task Eight_parallel_joins_through_two_processes_under_a_brake_of_five_make_exactly_five_members()
    {
        for (var round = 0; round < 5; round++)
        {
            var owner = $"tm1-owner{round}";
            var (server, channel) = await ServerAsync(owner);
            (await Send(_a, owner, HttpMethod.Patch, $"/servers/{server}", new { raid_protection = new { max_joins = 5, per_seconds = 3600, pause_minutes = 60 } }))
                .Status.ShouldBe(HttpStatusCode.OK);
            var (_, invite) = await Send(_b, owner, HttpMethod.Post, $"/channels/{channel}/invites", new { max_age = 0 });
            var code = invite!["code"]!.GetValue<string>();

            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var joins = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                await start.Task;
                return await Send(Either(i), $"tm1-r{round}-{i}", HttpMethod.Post, $"/invites/{code}");
            })).ToList();
            start.SetResult();
            var results = await Task.WhenAll(joins);

            results.Count(r => r.Status == HttpStatusCode.OK).ShouldBe(5, $"round {round}");
            results.Where(r => r.Status != HttpStatusCode.OK).ShouldAllBe(r => r.Status == HttpStatusCode.Forbidden && Code(r.Body) == "invites_paused", $"round {round}");
            Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND invite_code = @code", new { server, code }).ShouldBe(5, $"round {round}");
            Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(5, $"round {round}");
            Scalar("SELECT COUNT(*) FROM servers WHERE id = @server AND raid_detected_at IS NOT NULL AND invites_enabled = 0", new { server }).ShouldBe(1, $"round {round}");
        }
    }

    [Fact]
    public async Task A_cleanup_on_one_process_racing_joins_on_the_other_leaves_no_earlier_member_and_counts_every_removal()
    {
        var (server, channel) = await ServerAsync("tm2-owner");
        var (_, invite) = await Send(_a, "tm2-owner", HttpMethod.Post, $"/channels/{channel}/invites", new { max_age = 0 });
        var code = invite!["code"]!.GetValue<string>();
        for (var i = 0; i < 10; i++) (await Send(Either(i), $"tm2-early{i}", HttpMethod.Post, $"/invites/{code}")).Status.ShouldBe(HttpStatusCode.OK);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var late = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await Send(_b, $"tm2-late{i}", HttpMethod.Post, $"/invites/{code}");
        })).ToList();
        var cleanup = Task.Run(async () =>
        {
            await start.Task;
            return await Send(_a, "tm2-owner", HttpMethod.Post, $"/invites/{code}/joins/remove", new { ban = true });
        });
        start.SetResult();
        var (status, removed) = await cleanup;
        var joined = await Task.WhenAll(late);

        status.ShouldBe(HttpStatusCode.OK);
        joined.ShouldAllBe(r => r.Status == HttpStatusCode.OK || (r.Status == HttpStatusCode.Forbidden && Code(r.Body) == "banned"));
        Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND user_id LIKE 'tm2-early%'", new { server }).ShouldBe(0);
        // Every member the cleanup saw was banned; every late join either came after it (still in) or was one of them.
        var banned = removed!["banned"]!.GetValue<long>();
        banned.ShouldBe(Scalar("SELECT COUNT(*) FROM bans WHERE server_id = @server", new { server }));
        (banned + Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server AND user_id LIKE 'tm2-late%'", new { server }))
            .ShouldBe(10 + joined.Count(r => r.Status == HttpStatusCode.OK));
        Scalar("SELECT member_count FROM servers WHERE id = @server", new { server })
            .ShouldBe(Scalar("SELECT COUNT(*) FROM members WHERE server_id = @server", new { server }));
    }
}
