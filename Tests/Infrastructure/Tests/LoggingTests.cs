using System.Net;
using InviteService.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InviteService.Tests.Infrastructure.Tests;

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
        requests.ShouldContain(e => e.Message.StartsWith("HTTP GET /nothing/invites/") && e.Message.Contains(" responded 404"));

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

    [Theory]
    [InlineData("/invites/AbCdEfGhJk", "/invites/AbC…")]
    [InlineData("/invites/AbCdEfGhJk/joins", "/invites/AbC…/joins")]
    [InlineData("/api/messenger/join/AbCdEfGhJk", "/api/messenger/join/AbC…")]
    [InlineData("/servers/123/invites", "/servers/123/invites")]
    [InlineData("/invites/ab", "/invites/ab")]
    public void Redaction_keeps_three_characters_of_codes(string path, string expected) =>
        InviteService.Infrastructure.Http.RequestLogging.Redact(path).ShouldBe(expected);
}
