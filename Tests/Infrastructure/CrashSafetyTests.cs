using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using InviteService.Tests.Support;
using Microsoft.Data.Sqlite;

namespace InviteService.Tests.Infrastructure;

/// <summary>
/// The built service as a real process on a database file: parallel joins, SIGKILL mid-load, restart. The file must pass
/// integrity_check, no invite may exceed its limit, and every use must have its member and its join record.
/// </summary>
[Trait(StoreTrait.Name, StoreTrait.SqliteOnly)]
public sealed class CrashSafetyTests
{
    private static Task<ServiceProcess> StartAsync(string database, string synchronous) =>
        ServiceProcess.StartAsync(database, new Dictionary<string, string>
        {
            ["Database:Synchronous"] = synchronous,
            ["RateLimits:FailedLookupsPerWindow"] = "1000000",
            ["RateLimits:WritesPerWindow"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
        });

    private static HttpRequestMessage As(string user, HttpMethod method, string url, object? body = null) =>
        ServiceProcess.As(user, method, url, body);

    private static void AssertConsistent(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        connection.ExecuteScalar<string>("PRAGMA integrity_check").ShouldBe("ok");
        connection.ExecuteScalar<long>("PRAGMA foreign_key_check").ShouldBe(0);
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM invites WHERE max_uses > 0 AND uses > max_uses").ShouldBe(0);
        connection.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM invites i
            WHERE i.uses <> (SELECT COUNT(*) FROM members m WHERE m.invite_code = i.code)
               OR i.uses <> (SELECT COUNT(*) FROM joins j WHERE j.code = i.code)
            """).ShouldBe(0);
    }

    [Theory]
    [InlineData("NORMAL")]
    [InlineData("FULL")]
    public async Task A_SIGKILL_during_parallel_joins_leaves_a_consistent_database(string synchronous)
    {
        var database = InviteApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        var codes = new List<string>();
        long joined = 0;

        await using (var service = await StartAsync(database, synchronous))
        {
            var created = await service.Http.SendAsync(As("crash-owner", HttpMethod.Post, "/servers", new { name = "crash" }));
            var server = await created.ReadJsonAsync();
            var channel = server["channels"]![0]!["id"]!.GetValue<string>();
            foreach (var maxUses in new[] { 15, 15, 40, 0 })
            {
                var invite = await service.Http.SendAsync(As("crash-owner", HttpMethod.Post, $"/channels/{channel}/invites", new { max_uses = maxUses, max_age = 0 }));
                codes.Add((await invite.ReadJsonAsync())["code"]!.GetValue<string>());
            }

            using var stop = new CancellationTokenSource();
            var next = 0;
            var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var n = Interlocked.Increment(ref next);
                    try
                    {
                        var response = await service.Http.SendAsync(As($"crash-user-{n}", HttpMethod.Post, $"/invites/{codes[n % codes.Count]}"), stop.Token);
                        if (response.StatusCode == HttpStatusCode.OK) Interlocked.Increment(ref joined);
                    }
                    catch (Exception) // connection refused or reset: expected once the process is killed
                    {
                        if (stop.IsCancellationRequested) return;
                        await Task.Delay(10);
                    }
                }
            })).ToList();

            var until = DateTime.UtcNow.AddSeconds(20);
            while (Interlocked.Read(ref joined) < 150 && DateTime.UtcNow < until) await Task.Delay(5);
            service.Kill(); // mid-load
            stop.Cancel();
            await Task.WhenAll(workers);
        }

        joined.ShouldBeGreaterThan(50);
        SqliteConnection.ClearAllPools();
        AssertConsistent(database);

        await using (var restarted = await StartAsync(database, synchronous))
        {
            (await restarted.Http.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
            var unlimited = codes[^1];
            (await restarted.Http.SendAsync(As("crash-after-restart", HttpMethod.Post, $"/invites/{unlimited}"))).StatusCode.ShouldBe(HttpStatusCode.OK);
            var preview = JsonNode.Parse(await restarted.Http.GetStringAsync($"/invites/{unlimited}"))!;
            preview["uses"]!.GetValue<int>().ShouldBeGreaterThan(0);
        }

        SqliteConnection.ClearAllPools();
        AssertConsistent(database);
    }
}
