using System.Net;
using System.Net.Http.Json;
using InviteService.Features.Invites;
using InviteService.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace InviteService.Tests.Infrastructure;

public sealed class ErrorHandlingTests
{
    private sealed class BrokenCodes : IInviteCodeGenerator
    {
        public string Next() => throw new InvalidOperationException("code generator exploded: secret detail");
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_problem_json_500_without_details_and_the_cause_is_logged()
    {
        var logs = new CapturedLogs();
        await using var app = new InviteApp();
        var broken = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.RemoveAll<IInviteCodeGenerator>();
            services.AddSingleton<IInviteCodeGenerator, BrokenCodes>();
            services.AddSingleton<ILoggerProvider>(logs);
        }));
        var client = broken.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", app.Token("err-owner"));
        var server = await (await client.PostAsJsonAsync("/servers", new { name = "x" })).ReadJsonAsync();
        var channel = server["channels"]![0]!["id"]!.GetValue<string>();
        var invitesBefore = app.Scalar("SELECT COUNT(*) FROM invites");

        var response = await client.PostAsJsonAsync($"/channels/{channel}/invites", new { });

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldNotContain("exploded");
        text.ShouldNotContain("at InviteService");
        (await response.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("internal_error");
        logs.Entries.ShouldContain(e => e.Level == LogLevel.Error && e.Exception != null && e.Exception.Message.Contains("exploded"));
        app.Scalar("SELECT COUNT(*) FROM invites").ShouldBe(invitesBefore);
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_answer_in_problem_json()
    {
        await using var app = new InviteApp();
        var client = app.As("err-user");

        var missing = await client.GetAsync("/nothing/here");
        var wrongMethod = await client.PutAsync("/invites/abc", null);

        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("not_found");
        wrongMethod.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await wrongMethod.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("method_not_allowed");
    }
}
