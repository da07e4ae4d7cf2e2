using System.Net;
using InviteService.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InviteService.Tests.Infrastructure;

[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class LoggingTests
{
    [Fact]
    public async Task Every_request_is_logged_with_its_route_status_and_request_id_and_no_code_or_token_appears_whole()
    {
        var logs = new CapturedLogs();
        await using var app = new InviteApp();
        var logged = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var (_, channel) = await app.CreateServerAsync("log-owner");
        var code = await app.CreateInviteAsync("log-owner", channel);
        var token = app.Token("log-joiner");
        var client = logged.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var preview = await client.GetAsync($"/invites/{code}");
        var join = await client.PostAsync($"/invites/{code}", null);
        var unknown = await client.GetAsync("/invites/SecretGuess123");
        var unmatched = await client.GetAsync($"/nothing/invites/{code}");
        var badToken = logged.CreateClient();
        badToken.DefaultRequestHeaders.Authorization = new("Bearer", token + "tampered");
        await badToken.PostAsync($"/invites/{code}", null);

        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        join.StatusCode.ShouldBe(HttpStatusCode.OK);
        var requests = logs.Entries.Where(e => e.Category == "InviteService.Requests").ToList();
        requests.Count.ShouldBeGreaterThanOrEqualTo(5);
        requests.ShouldContain(e => e.Message.StartsWith("HTTP GET /invites/{code} responded 200"));
        requests.ShouldContain(e => e.Message.StartsWith("HTTP POST /invites/{code} responded 200"));
        requests.ShouldContain(e => e.Message.StartsWith("HTTP GET /not…/invites/") && e.Message.Contains(" responded 404"));

        var requestId = unknown.Headers.GetValues("X-Request-Id").Single();
        (await unknown.ReadJsonAsync())["trace_id"]!.GetValue<string>().ShouldBe(requestId);
        requests.ShouldContain(e => e.Values.Any(v => v.Key == "RequestId" && (string?)v.Value == requestId));

        foreach (var entry in logs.Entries)
        {
            var text = entry.Message + " " + string.Join(" ", entry.Values.Select(v => v.Value?.ToString())) + " " + entry.Exception;
            text.ShouldNotContain(code, customMessage: $"a {entry.Category} log line shows the invite code");
            text.ShouldNotContain("SecretGuess123");
            text.ShouldNotContain(token, customMessage: $"a {entry.Category} log line shows the token");
            text.ShouldNotContain(token.Split('.')[2], customMessage: $"a {entry.Category} log line shows the token's signature");
        }
    }

    /// <summary>
    /// The real process's console, as an operator sees it: in production (JSON lines with scopes) and in development
    /// (simple lines), and with every category, the framework's included, turned up to Trace.
    /// </summary>
    [Theory]
    [InlineData("Production", "json", "Information")]
    [InlineData("Development", "simple", "Information")]
    [InlineData("Production", "json", "Trace")]
    [InlineData("Development", "simple", "Trace")]
    public async Task The_console_output_of_the_process_never_holds_a_whole_code_or_token(string environment, string formatter, string level)
    {
        var database = InviteApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        await using var service = await ServiceProcess.StartAsync(database, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["Logging:Console:FormatterName"] = formatter,
            ["Logging:Console:FormatterOptions:IncludeScopes"] = "true",
            ["Logging:LogLevel:Default"] = level,
            ["Logging:LogLevel:Microsoft.AspNetCore"] = level,
            ["Logging:Console:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = level,
        });
        var created = await (await service.Http.SendAsync(ServiceProcess.As("lg-owner", HttpMethod.Post, "/servers", new { name = "Logs" }))).ReadJsonAsync();
        var channel = created["channels"]![0]!["id"]!.GetValue<string>();
        var invite = await service.Http.SendAsync(ServiceProcess.As("lg-owner", HttpMethod.Post, $"/channels/{channel}/invites", new { }));
        var code = (await invite.ReadJsonAsync())["code"]!.GetValue<string>();
        var join = ServiceProcess.As("lg-joiner", HttpMethod.Post, $"/invites/{code}");
        var token = join.Headers.Authorization!.Parameter!;

        (await service.Http.GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await service.Http.GetAsync($"/api/messenger/join/{code}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await service.Http.SendAsync(join)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await service.Http.SendAsync(ServiceProcess.As("lg-owner", HttpMethod.Get, $"/invites/{code}/joins"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await service.Http.GetAsync($"/somewhere/{code}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var tampered = new HttpRequestMessage(HttpMethod.Delete, $"/invites/{code}");
        tampered.Headers.Authorization = new("Bearer", token + "x");
        (await service.Http.SendAsync(tampered)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await SendRawAsync(service.Port, $"GET /invites/{code} HTTP/1.1\r\nHost: \r\nBad Header\r\n\r\n"); // a request Kestrel refuses
        await service.StopAsync();

        var output = service.Output;
        output.ShouldContain("HTTP GET /invites/{code} responded 200");
        if (formatter == "simple") output.ShouldMatch(@"\d{2}\.\d{3}Z info: "); // the timestamp stands apart from the level
        output.ShouldNotContain(code);
        output.ShouldNotContain(token.Split('.')[2], customMessage: "the token's signature is in the output");
    }

    private static async Task SendRawAsync(int port, string request)
    {
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = socket.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        _ = await stream.ReadAsync(buffer, timeout.Token);
    }

    [Theory]
    [InlineData("/invites/AbCdEfGhJk", "/invites/AbC…")]
    [InlineData("/invites/AbCdEfGhJk/joins", "/invites/AbC…/joins")]
    [InlineData("/api/messenger/join/AbCdEfGhJk", "/api/messenger/join/AbC…")]
    [InlineData("/servers/123/invites", "/servers/123/invites")]
    [InlineData("/invites/ab", "/invites/ab")]
    [InlineData("/nothing/AbCdEfGhJk", "/not…/AbC…")]
    public void Redaction_keeps_route_words_and_three_characters_of_anything_else(string path, string expected) =>
        InviteService.Infrastructure.Http.RequestLogging.Redact(path, new HashSet<string> { "invites", "joins", "api", "messenger", "join", "servers" }).ShouldBe(expected);
}
