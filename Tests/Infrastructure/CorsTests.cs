using System.Net;
using InviteService.Tests.Support;

namespace InviteService.Tests.Infrastructure;

/// <summary>A browser front-end on another origin, allowed by Cors:AllowedOrigins, and one that is not.</summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class CorsTests
{
    private static HttpRequestMessage Preflight(string origin, string method, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }

    [Fact]
    public async Task An_allowed_origin_gets_preflights_answered_without_a_token_and_may_read_the_answers()
    {
        await using var app = new InviteApp().With("Cors:AllowedOrigins:0", "https://chat.example.com");
        var (_, channel) = await app.CreateServerAsync("cors-owner");
        var anonymous = app.As(null);

        var preflight = await anonymous.SendAsync(Preflight("https://chat.example.com", "POST", $"/channels/{channel}/invites"));
        var create = new HttpRequestMessage(HttpMethod.Post, $"/channels/{channel}/invites") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        create.Headers.Add("Origin", "https://chat.example.com");
        var created = await app.As("cors-owner").SendAsync(create);

        preflight.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        preflight.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["https://chat.example.com"]);
        preflight.Headers.GetValues("Access-Control-Allow-Headers").Single().ShouldContain("authorization");
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["https://chat.example.com"]);
        created.Headers.GetValues("Access-Control-Expose-Headers").Single().ShouldContain("Location");
    }

    [Fact]
    public async Task Other_origins_and_the_default_configuration_allow_none()
    {
        await using var allowing = new InviteApp().With("Cors:AllowedOrigins:0", "https://chat.example.com");
        await using var closed = new InviteApp();

        var stranger = await allowing.As(null).SendAsync(Preflight("https://evil.example", "POST", "/servers"));
        var byDefault = await closed.As(null).SendAsync(Preflight("https://chat.example.com", "POST", "/servers"));

        stranger.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
        byDefault.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public void A_malformed_origin_is_refused_at_start_up()
    {
        using var app = new InviteApp().With("Cors:AllowedOrigins:0", "https://chat.example.com/app");

        Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(app.Start).Message.ShouldContain("Cors:AllowedOrigins");
    }
}
