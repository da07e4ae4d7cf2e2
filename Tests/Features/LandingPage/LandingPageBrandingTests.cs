using System.Net;
using System.Text.RegularExpressions;
using InviteService.Tests.Support;

namespace InviteService.Tests.Features.LandingPage;

/// <summary>
/// The invite page in the host app's colours: <c>LandingPage:ProductName</c>, <c>LogoUrl</c> and <c>AccentColor</c>, over
/// HTTP. The browser test that takes a screenshot of a branded page is in InvitePageBrowserTests.
/// </summary>
public sealed class LandingPageBrandingTests
{
    private const string Base = "https://invites.example.org";
    private const string Logo = "https://cdn.hearth.example/brand/logo.svg";

    private static InviteApp Branded() => new InviteApp()
        .With("Invites:PublicBaseUrl", Base)
        .With("LandingPage:JoinUrl", "https://chat.example.com/join/{code}")
        .With("LandingPage:ProductName", "Hearth Chat")
        .With("LandingPage:LogoUrl", Logo)
        .With("LandingPage:AccentColor", "#5865F2");

    private static string Meta(string html, string property) =>
        Regex.Match(html, $"<meta (?:property|name)=\"{Regex.Escape(property)}\" content=\"([^\"]*)\"").Groups[1].Value;

    private static string ImageSources(HttpResponseMessage response) =>
        response.Headers.GetValues("Content-Security-Policy").Single().Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("img-src ", StringComparison.Ordinal));

    [Fact]
    public async Task A_branded_page_shows_the_host_apps_name_and_logo_and_link_cards_carry_its_name()
    {
        await using var app = Branded();
        var (_, channel) = await app.CreateServerAsync("lb-owner1");
        var code = await app.CreateInviteAsync("lb-owner1", channel);

        var response = await app.As(null).GetAsync($"/invite/{code}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<header class=\"brand\">");
        html.ShouldContain($"<img class=\"logo\" src=\"{Logo}\" alt=\"\" height=\"32\" />"); // beside the name, the logo is not read out twice
        html.ShouldContain("<span class=\"product\">Hearth Chat</span>");
        Meta(html, "og:site_name").ShouldBe("Hearth Chat");
        html.ShouldContain("<h1>Cool Server</h1>"); // the server is still what the page is about
        // The policy lets the logo's origin in, and no other host: remote images are still off.
        ImageSources(response).ShouldBe("img-src 'self' https://cdn.hearth.example");

        var oembed = Regex.Match(html, "<link rel=\"alternate\" type=\"application/json&#x2B;oembed\" href=\"([^\"]*)\"").Groups[1].Value.Replace("&amp;", "&");
        var card = await (await app.As(null).GetAsync(oembed[Base.Length..])).ReadJsonAsync();
        card["provider_name"]!.GetValue<string>().ShouldBe("Hearth Chat");
    }

    [Fact]
    public async Task The_accent_colour_comes_in_a_stylesheet_of_its_own_with_text_that_reads_on_it()
    {
        await using var app = Branded();
        var (_, channel) = await app.CreateServerAsync("lb-owner2");
        var code = await app.CreateInviteAsync("lb-owner2", channel);

        var html = await app.As(null).GetStringAsync($"/invite/{code}");
        var href = Regex.Match(html, "<link rel=\"stylesheet\" href=\"(/assets/brand\\.css[^\"]*)\" />").Groups[1].Value;
        var css = await app.As(null).GetAsync(href);

        href.ShouldBe("/assets/brand.css?v=5865f2"); // a new colour is a new URL, whatever caches kept
        css.StatusCode.ShouldBe(HttpStatusCode.OK);
        css.Content.Headers.ContentType!.ToString().ShouldBe("text/css; charset=utf-8");
        (await css.Content.ReadAsStringAsync()).ShouldContain(":root { --accent: #5865f2; --accent-text: #ffffff; }");
        html.ShouldNotContain("<style"); // the page's policy allows no inline style

        await using var light = new InviteApp().With("LandingPage:AccentColor", "#ffd166");
        (await light.As(null).GetStringAsync("/assets/brand.css")).ShouldContain("--accent: #ffd166; --accent-text: #000000;");
    }

    [Fact]
    public async Task The_not_found_and_slow_down_pages_are_branded_too()
    {
        await using var app = Branded().With("RateLimits:FailedLookupsPerWindow", "1").With("RateLimits:Window", "00:10:00");
        var guesser = app.As(null);

        var missing = await guesser.GetAsync("/invite/NoSuchCode1");
        var refused = await guesser.GetAsync("/invite/NoSuchCode2");

        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        foreach (var page in new[] { missing, refused })
        {
            var html = await page.Content.ReadAsStringAsync();
            html.ShouldContain("<span class=\"product\">Hearth Chat</span>");
            html.ShouldContain($"src=\"{Logo}\"");
            html.ShouldContain("href=\"/assets/brand.css?v=5865f2\"");
            ImageSources(page).ShouldBe("img-src 'self' https://cdn.hearth.example");
        }
    }

    [Fact]
    public async Task Unset_the_page_looks_as_it_did_and_cards_name_InviteService()
    {
        await using var app = new InviteApp().With("Invites:PublicBaseUrl", Base);
        var (_, channel) = await app.CreateServerAsync("lb-owner3");
        var code = await app.CreateInviteAsync("lb-owner3", channel);

        var response = await app.As(null).GetAsync($"/invite/{code}");
        var html = await response.Content.ReadAsStringAsync();

        Meta(html, "og:site_name").ShouldBe("InviteService");
        html.ShouldNotContain("class=\"brand\"");
        html.ShouldNotContain("brand.css");
        Regex.Matches(html, "<link rel=\"stylesheet\"").Count.ShouldBe(1);
        ImageSources(response).ShouldBe("img-src 'self'");
        (await app.As(null).GetAsync("/assets/brand.css")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var card = await (await app.As(null).GetAsync($"/oembed?url={Uri.EscapeDataString($"{Base}/invite/{code}")}")).ReadJsonAsync();
        card["provider_name"]!.GetValue<string>().ShouldBe("InviteService");
    }

    [Fact]
    public async Task A_logo_alone_is_named_as_a_logo_and_with_remote_images_on_the_policy_is_as_wide_as_before()
    {
        await using var app = new InviteApp().With("LandingPage:LogoUrl", Logo).With("LandingPage:RemoteImages", "true");
        var (_, channel) = await app.CreateServerAsync("lb-owner4");
        var code = await app.CreateInviteAsync("lb-owner4", channel);

        var response = await app.As(null).GetAsync($"/invite/{code}");
        var html = await response.Content.ReadAsStringAsync();

        html.ShouldContain($"<img class=\"logo\" src=\"{Logo}\" alt=\"Logo\" height=\"32\" />");
        html.ShouldNotContain("class=\"product\"");
        Meta(html, "og:site_name").ShouldBe("InviteService");
        ImageSources(response).ShouldBe("img-src 'self' https: http:");
    }

    [Theory]
    [InlineData("LandingPage:LogoUrl", "http://cdn.hearth.example/logo.svg", "LandingPage:LogoUrl must be an absolute https:// URL")]
    [InlineData("LandingPage:LogoUrl", "/logo.svg", "LandingPage:LogoUrl must be an absolute https:// URL")]
    [InlineData("LandingPage:LogoUrl", "https://user:pass@cdn.hearth.example/logo.svg", "LandingPage:LogoUrl must be an absolute https:// URL")]
    [InlineData("LandingPage:LogoUrl", "javascript:alert(1)", "LandingPage:LogoUrl must be an absolute https:// URL")]
    [InlineData("LandingPage:AccentColor", "5865f2", "LandingPage:AccentColor must be a colour as #rrggbb")]
    [InlineData("LandingPage:AccentColor", "#58f", "LandingPage:AccentColor must be a colour as #rrggbb")]
    [InlineData("LandingPage:AccentColor", "red", "LandingPage:AccentColor must be a colour as #rrggbb")]
    [InlineData("LandingPage:AccentColor", "#5865f2;}body{display:none", "LandingPage:AccentColor must be a colour as #rrggbb")]
    [InlineData("LandingPage:ProductName", "Hearth\u202eChat", "LandingPage:ProductName must be")]
    [InlineData("LandingPage:ProductName", "   ", "LandingPage:ProductName must be")]
    public void A_branding_setting_that_is_not_what_it_says_is_refused_at_start(string key, string value, string said)
    {
        using var app = new InviteApp().With(key, value);

        var ex = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(app.Start);

        ex.Message.ShouldContain(said);
    }
}
