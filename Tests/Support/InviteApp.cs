using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using InviteService.App;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace InviteService.Tests.Support;

/// <summary>
/// The real service over the real HTTP pipeline, on its own database (a fresh SQLite file or PostgreSQL schema per
/// instance, so per test class; see <see cref="TestStore"/>), with a clock the test controls.
/// </summary>
public class InviteApp : WebApplicationFactory<Program>
{
    public const string SigningKey = "test-signing-key-that-is-long-enough-0123456789";

    private readonly Dictionary<string, string?> _settings = new();

    public InviteApp() : this(NewDatabasePath(), "Testing") => _ownsDatabase = true;

    private readonly bool _ownsDatabase;

    /// <param name="checkContract">Hold every response to the OpenAPI document (<see cref="ContractConformance"/>).</param>
    internal InviteApp(bool checkContract) : this(NewDatabasePath(), "Testing")
    {
        _checkContract = checkContract;
        _ownsDatabase = true;
    }

    private readonly bool _checkContract = true;

    private InviteApp(string databasePath, string environment)
    {
        DatabasePath = databasePath;
        Environment = environment;
        foreach (var (key, value) in TestStore.Settings(databasePath)) _settings[key] = value;
        _settings["Auth:SigningKey"] = SigningKey;
        // Throttling has its own tests; elsewhere it stays out of the way of tests that make many requests.
        _settings["RateLimits:FailedLookupsPerWindow"] = "100000";
        _settings["RateLimits:WritesPerWindow"] = "100000";
        // The clock drives housekeeping's timer: tests that move it must not archive each other's invites.
        _settings["Housekeeping:Enabled"] = "false";
        // The webhook receivers of the tests listen on loopback, which the service refuses by default (the tests of that
        // rule turn it back on).
        _settings["Webhooks:BlockPrivateTargets"] = "false";
    }

    /// <summary>A service on a given database (to restart on the same data) or environment.</summary>
    public static InviteApp OnFile(string databasePath, string environment = "Testing") => new(databasePath, environment);

    /// <summary>The SQLite file, or the PostgreSQL schema.</summary>
    public string DatabasePath { get; }

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Provider => TestStore.Provider;
    public string Environment { get; }
    /// <summary>The service's clock; it also drives the service's timers. Move it with <see cref="TimeTravel"/>.</summary>
    public FakeTimeProvider Time { get; } = TimeTravel.NewClock();

    /// <summary>A new, empty database: a path in a new directory (the service refuses a directory that does not exist), or a schema.</summary>
    public static string NewDatabasePath() => TestStore.NewDatabase();

    /// <summary>Overrides a configuration key; call before the first request.</summary>
    public InviteApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            if (_checkContract) services.AddSingleton<IStartupFilter, ContractConformance>();
        });
    }

    /// <summary>
    /// Starts the service on this app's settings and environment the way Program.cs composes it, on a test server of its
    /// own, and stops it again: for tests of what a start refuses. A failed start throws its own exception, with no
    /// WebApplicationFactory in between, whose host disposal can race the failure and surface as an ObjectDisposedException.
    /// </summary>
    public void Start()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environment });
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddInviteService(builder.Configuration);
        using var app = builder.Build();
        app.UseInviteService();
        app.StartAsync().GetAwaiter().GetResult();
        app.StopAsync().GetAwaiter().GetResult();
    }

    public string Token(string user, string? name = null, bool admin = false, string? picture = null) =>
        Services.GetRequiredService<TokenIssuer>().Issue(user, name ?? Capitalize(user), picture, admin);

    /// <summary>An HTTP client signed in as <paramref name="user"/>, or anonymous when null.</summary>
    public HttpClient As(string? user, bool admin = false, string? picture = null)
    {
        var client = CreateClient();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(user, admin: admin, picture: picture));
        }

        return client;
    }

    public System.Data.Common.DbConnection OpenDatabase()
    {
        _ = Server; // make sure the host started and migrated
        return Services.GetRequiredService<Db>().Open();
    }

    public long Scalar(string sql, object? args = null)
    {
        using var connection = OpenDatabase();
        return Dapper.SqlMapper.ExecuteScalar<long>(connection, sql, args);
    }

    /// <summary>A hash of every row: a refused request must leave the database exactly as it was.</summary>
    public string Fingerprint()
    {
        using var connection = OpenDatabase();
        var parts = new List<string>();
        foreach (var (table, key) in new[] { ("users", "id"), ("servers", "id"), ("channels", "id"), ("members", "server_id, user_id"), ("bans", "server_id, user_id"), ("invites", "id") })
        {
            var rows = Dapper.SqlMapper.Query(connection, $"SELECT * FROM {table} ORDER BY {key}");
            parts.Add(table + JsonSerializer.Serialize(rows));
        }

        return string.Join('\n', parts);
    }

    public async Task<(string ServerId, string ChannelId)> CreateServerAsync(string owner, string name = "Cool Server")
    {
        var response = await As(owner).PostAsJsonAsync("/servers", new { name, icon_url = "https://cdn.example/icon.png" });
        response.EnsureSuccessStatusCode();
        var body = await response.ReadJsonAsync();
        return (body["id"]!.GetValue<string>(), body["channels"]![0]!["id"]!.GetValue<string>());
    }

    public async Task<string> CreateInviteAsync(string user, string channelId, object? body = null)
    {
        var response = await As(user).PostAsJsonAsync($"/channels/{channelId}/invites", body ?? new { });
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync())["code"]!.GetValue<string>();
    }

    public async Task JoinAsync(string user, string code) =>
        (await As(user).PostAsync($"/invites/{code}", null)).EnsureSuccessStatusCode();

    public async Task GrantAsync(string owner, string serverId, string user, params string[] permissions) =>
        (await As(owner).PatchAsJsonAsync($"/servers/{serverId}/members/{user}", new { permissions })).EnsureSuccessStatusCode();

    /// <summary>A server owned by <paramref name="owner"/> with <paramref name="members"/> joined through one invite.</summary>
    public async Task<(string ServerId, string ChannelId)> ServerWithMembersAsync(string owner, params string[] members)
    {
        var (serverId, channelId) = await CreateServerAsync(owner);
        if (members.Length > 0)
        {
            var code = await CreateInviteAsync(owner, channelId);
            foreach (var member in members) await JoinAsync(member, code);
        }

        return (serverId, channelId);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase) await TestStore.DropAsync(DatabasePath);
        GC.SuppressFinalize(this);
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

public static class HttpExtensions
{
    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    public static Task<HttpResponseMessage> PostJsonTextAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
