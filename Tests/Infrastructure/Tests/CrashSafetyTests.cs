using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Dapper;
using InviteService.Infrastructure.Auth;
using InviteService.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace InviteService.Tests.Infrastructure.Tests;

/// <summary>
/// The built service as a real process on a database file: parallel joins, SIGKILL mid-load, restart. The file must pass
/// integrity_check, no invite may exceed its limit, and every use must have its member and its join record.
/// </summary>
public sealed class CrashSafetyTests
{
    private sealed class Service(Process process, HttpClient http) : IAsyncDisposable
    {
        public HttpClient Http { get; } = http;

        public void Kill()
        {
            process.Kill(); // SIGKILL on Linux: no shutdown, no flush
            process.WaitForExit();
        }

        public ValueTask DisposeAsync()
        {
            if (!process.HasExited) Kill();
            process.Dispose();
            Http.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<Service> StartAsync(string database, string synchronous)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "InviteService.dll"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Invites"] = $"Data Source={database}";
        start.Environment["Database__Synchronous"] = synchronous;
        start.Environment["Auth__SigningKey"] = InviteApp.SigningKey;
        start.Environment["RateLimits__FailedLookupsPerWindow"] = "1000000";
        start.Environment["RateLimits__WritesPerWindow"] = "1000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        var service = new Service(process, http);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"the service exited with {process.ExitCode}");
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return service;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await service.DisposeAsync();
        throw new TimeoutException("the service did not become ready in 30 s");
    }

    private static readonly TokenIssuer Tokens = new(Options.Create(new AuthOptions { SigningKey = InviteApp.SigningKey }), TimeProvider.System);

    private static HttpRequestMessage As(string user, HttpMethod method, string url, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Issue(user));
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

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
