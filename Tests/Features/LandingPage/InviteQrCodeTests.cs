using System.Net;
using System.Net.Http.Json;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.LandingPage;

/// <summary>GET /invite/{code}/qr.svg (#23): the invite page's URL as a QR code, and the page's 404 for every dead code.</summary>
public sealed class InviteQrCodeTests(InviteApp app) : IClassFixture<InviteApp>
{
    [Fact]
    public async Task A_live_code_answers_an_svg_image_anonymously()
    {
        var (_, channel) = await app.CreateServerAsync("qr-owner1");
        var code = await app.CreateInviteAsync("qr-owner1", channel);

        var response = await app.As(null).GetAsync($"/invite/{code}/qr.svg");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var svg = await response.Content.ReadAsStringAsync();
        svg.ShouldStartWith("<svg");
        svg.ShouldContain("viewBox");
        svg.ShouldNotContain("<script", Case.Insensitive);
    }

    [Fact]
    public async Task Unknown_deleted_expired_and_paused_codes_get_the_invite_pages_404()
    {
        var (server, channel) = await app.CreateServerAsync("qr-owner2");
        var deleted = await app.CreateInviteAsync("qr-owner2", channel);
        (await app.As("qr-owner2").DeleteAsync($"/invites/{deleted}")).EnsureSuccessStatusCode();
        string expired;
        using (app.Time.At(app.Time.GetUtcNow().AddHours(-1)))
        {
            expired = await app.CreateInviteAsync("qr-owner2", channel, new { max_age = 60 });
        }

        var (pausedServer, pausedChannel) = await app.CreateServerAsync("qr-owner3");
        var paused = await app.CreateInviteAsync("qr-owner3", pausedChannel);
        (await app.As("qr-owner3").PatchAsJsonAsync($"/servers/{pausedServer}", new { invites_enabled = false })).EnsureSuccessStatusCode();

        foreach (var code in new[] { "NoSuchCode9", deleted, expired, paused })
        {
            var qr = await app.As(null).GetAsync($"/invite/{code}/qr.svg");
            var page = await app.As(null).GetAsync($"/invite/{code}");

            qr.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            qr.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
            (await qr.Content.ReadAsStringAsync()).ShouldBe(await page.Content.ReadAsStringAsync());
        }

        _ = server;
    }

    [Fact]
    public async Task Dead_codes_spend_failed_lookup_permits_like_the_page()
    {
        await using var limited = new InviteApp().With("RateLimits:FailedLookupsPerWindow", "2");
        var (_, channel) = await limited.CreateServerAsync("qr-owner4");
        var live = await limited.CreateInviteAsync("qr-owner4", channel);
        var guesser = limited.As(null);

        (await guesser.GetAsync($"/invite/{live}/qr.svg")).StatusCode.ShouldBe(HttpStatusCode.OK); // costs nothing
        (await guesser.GetAsync("/invite/Guess00001/qr.svg")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await guesser.GetAsync("/invite/Guess00002")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var refused = await guesser.GetAsync($"/invite/{live}/qr.svg");
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
    }
}
