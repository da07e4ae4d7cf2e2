using System.Net;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.Invites;

/// <summary>The use limit under real parallel HTTP requests against one database file.</summary>
public sealed class ConcurrencyTests(InviteApp app) : IClassFixture<InviteApp>
{
    [Fact]
    public async Task Fifty_parallel_joins_on_max_uses_10_admit_exactly_10()
    {
        var (_, channel) = await app.CreateServerAsync("cc-owner1");
        var code = await app.CreateInviteAsync("cc-owner1", channel, new { max_uses = 10 });
        var clients = Enumerable.Range(0, 50).Select(i => app.As($"cc-user-{i}")).ToList();

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var joins = clients.Select(client => Task.Run(async () =>
        {
            await start.Task;
            var response = await client.PostAsync($"/invites/{code}", null);
            return (response.StatusCode, Error: response.IsSuccessStatusCode ? null : (await response.ReadJsonAsync())["error"]!.GetValue<string>());
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(joins);

        results.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(10);
        results.Count(r => r is { StatusCode: HttpStatusCode.BadRequest, Error: "max_uses" }).ShouldBe(40);
        app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(10);
        app.Scalar("SELECT COUNT(*) FROM members WHERE invite_code = @code", new { code }).ShouldBe(10);
    }

    [Fact]
    public async Task Parallel_joins_by_the_same_user_succeed_once()
    {
        var (_, channel) = await app.CreateServerAsync("cc-owner2");
        var code = await app.CreateInviteAsync("cc-owner2", channel, new { max_uses = 10 });
        var client = app.As("cc-same");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => client.PostAsync($"/invites/{code}", null))));

        results.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        results.Count(r => r.StatusCode == HttpStatusCode.BadRequest).ShouldBe(19);
        app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(1);
    }

    [Fact]
    public async Task Parallel_joins_on_unlimited_invite_count_every_member()
    {
        var (_, channel) = await app.CreateServerAsync("cc-owner3");
        var code = await app.CreateInviteAsync("cc-owner3", channel, new { max_uses = 0 });

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => app.As($"cc-free-{i}").PostAsync($"/invites/{code}", null))));

        results.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(30);
        app.Scalar("SELECT COUNT(*) FROM members WHERE invite_code = @code", new { code }).ShouldBe(30);
    }

    [Fact]
    public async Task The_schema_itself_refuses_uses_above_max_uses()
    {
        var (_, channel) = await app.CreateServerAsync("cc-owner4");
        var code = await app.CreateInviteAsync("cc-owner4", channel, new { max_uses = 1 });
        using var connection = app.OpenDatabase();

        var ex = Should.Throw<System.Data.Common.DbException>(() =>
            Dapper.SqlMapper.Execute(connection, "UPDATE invites SET uses = 2 WHERE code = @code", new { code }));
        // SQLITE_CONSTRAINT, or PostgreSQL's check_violation
        (ex is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } or Npgsql.PostgresException { SqlState: "23514" }).ShouldBeTrue(ex.Message);
    }
}
