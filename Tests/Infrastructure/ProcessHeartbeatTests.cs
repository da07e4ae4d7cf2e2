using System.Net;
using InviteService.Infrastructure;
using InviteService.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InviteService.Tests.Infrastructure;

/// <summary>
/// Processes that serve one database count each other through their heartbeats and give each client only their share of
/// every budget, so together they let through the budget, not a multiple of it. On each store: one SQLite file opened by
/// two processes, or one PostgreSQL schema.
/// </summary>
public sealed class ProcessHeartbeatTests
{
    private const string TwoShare = "Rate limits: 2 processes share each budget";

    [Fact]
    public async Task Two_processes_on_one_database_let_a_client_alternating_between_them_through_the_budget_once_not_twice()
    {
        var database = TestStore.NewDatabase();
        var settings = new Dictionary<string, string>
        {
            ["RateLimits:FailedLookupsPerWindow"] = "10",
            ["RateLimits:WritesPerWindow"] = "10",
            ["RateLimits:Window"] = "00:10:00",
            ["RateLimits:ProcessHeartbeat"] = "00:00:00.200",
        };
        try
        {
            await using var a = await ServiceProcess.StartAsync(database, settings);
            await using var b = await ServiceProcess.StartAsync(database, settings);
            await a.WaitForOutputAsync(TwoShare);
            await b.WaitForOutputAsync(TwoShare);

            var lookups = new List<HttpStatusCode>();
            for (var i = 0; i < 20; i++) lookups.Add((await (i % 2 == 0 ? a : b).Http.GetAsync($"/invites/guess{i:D5}")).StatusCode);
            var writes = new List<HttpStatusCode>();
            for (var i = 0; i < 20; i++)
            {
                using var response = await (i % 2 == 0 ? a : b).Http.SendAsync(ServiceProcess.As("hb-writer", HttpMethod.Post, "/servers", new { name = $"s{i}" }));
                writes.Add(response.StatusCode);
            }

            lookups.ShouldBe([.. Enumerable.Repeat(HttpStatusCode.NotFound, 10), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 10)]);
            writes.ShouldBe([.. Enumerable.Repeat(HttpStatusCode.Created, 10), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 10)]);
        }
        finally
        {
            await TestStore.DropAsync(database);
        }
    }

    [Fact]
    public async Task Another_process_beating_halves_each_budget_and_when_its_heartbeat_expires_the_budget_is_whole_again()
    {
        var logs = new CapturedLogs();
        await using var app = new InviteApp()
            .With("RateLimits:FailedLookupsPerWindow", "4")
            .With("RateLimits:Window", "00:10:00")
            .With("RateLimits:ProcessHeartbeat", "00:00:03");
        var logged = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var client = logged.CreateClient();
        (await client.GetAsync("/invites/guess00001")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // started, alone

        // Another process's heartbeat, as it writes it: counted for three heartbeats.
        var now = app.Time.Now();
        using (var connection = TestStore.Open(app.DatabasePath))
        {
            Dapper.SqlMapper.Execute(connection, "INSERT INTO processes (id, heartbeat_at, expires_at) VALUES ('elsewhere', @Now, @Until)", new { Now = now, Until = now + 9_000 });
        }

        using (app.Time.Shift(TimeSpan.FromSeconds(3)))
        {
            await WaitForAsync(logs, TwoShare);
            (await client.GetAsync("/invites/guess00002")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // 2 of its share of 4 / 2
            (await client.GetAsync("/invites/guess00003")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

            using (app.Time.Shift(TimeSpan.FromSeconds(9)))
            {
                await WaitForAsync(logs, "Rate limits: this process has each budget to itself");
                (await client.GetAsync("/invites/guess00004")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
                (await client.GetAsync("/invites/guess00005")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
                (await client.GetAsync("/invites/guess00006")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
            }
        }

        using var database = TestStore.Open(app.DatabasePath);
        Dapper.SqlMapper.ExecuteScalar<long>(database, "SELECT COUNT(*) FROM processes WHERE id = 'elsewhere'").ShouldBe(0); // the expired row is deleted
    }

    private static Task WaitForAsync(CapturedLogs logs, string message) =>
        Eventually.HoldsAsync(() => Task.FromResult(logs.Entries.Any(e => e.Level == LogLevel.Information && e.Message == message)),
            $"the log line \"{message}\"", within: TimeSpan.FromSeconds(60));
}
