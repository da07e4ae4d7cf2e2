using System.Net.Http.Json;
using InviteService.Tests.Support;
using Microsoft.Playwright;

namespace InviteService.Tests.Features.LandingPage;

/// <summary>The invite page in a real browser (Chromium through Playwright), as a person opens it.</summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class InvitePageBrowserTests
{
    private const string JoinUrl = "https://chat.example.com/join/{code}";

    /// <summary>The service on a real loopback port, with its public base there, so links and styles load as in production.</summary>
    private static InviteApp Served(out string baseUrl, bool remoteImages = false, Action<InviteApp>? configure = null)
    {
        var port = ServiceProcess.FreePort();
        baseUrl = $"http://127.0.0.1:{port}";
        var app = new InviteApp().With("Invites:PublicBaseUrl", baseUrl).With("LandingPage:JoinUrl", JoinUrl)
            .With("LandingPage:RemoteImages", remoteImages ? "true" : "false");
        configure?.Invoke(app);
        app.UseKestrel(port);
        app.StartServer();
        return app;
    }

    /// <summary>Outside addresses (the join flow, icons) are answered by the test, never fetched.</summary>
    private static async Task<IPage> PageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.RouteAsync("https://**/*", route => route.Request.ResourceType == "image"
            ? route.FulfillAsync(new() { ContentType = "image/svg+xml", Body = "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'><rect width='8' height='8' fill='#888'/></svg>" })
            : route.FulfillAsync(new() { ContentType = "text/html", Body = "<title>host app</title>joined" }));
        return page;
    }

    [NeedsChromiumFact]
    public async Task A_person_sees_what_they_are_invited_to_and_accept_takes_them_to_the_host_apps_join_flow()
    {
        await using var app = Served(out var baseUrl);
        var (_, channel) = await app.ServerWithMembersAsync("br-owner1", "br-member1", "br-member2");
        var code = await app.CreateInviteAsync("br-owner1", channel, new { max_age = 6 * 3600, max_uses = 25 });
        await using var browser = await Browser.LaunchAsync();
        await using var context = await browser.Engine.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await PageAsync(context);

        var response = await page.GotoAsync($"{baseUrl}/invite/{code}");

        response!.Status.ShouldBe(200);
        (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync()).ShouldBe("Cool Server");
        (await page.Locator(".count").InnerTextAsync()).ShouldBe("3 members");
        (await page.Locator(".inviter").InnerTextAsync()).ShouldContain("Invited by Br-owner1");
        (await page.Locator(".expiry").InnerTextAsync()).ShouldContain("expires in 6 hours");
        (await page.Locator("time").GetAttributeAsync("datetime")).ShouldBe("2026-02-14T18:00:00Z");
        (await page.Locator(".uses").InnerTextAsync()).ShouldBe("25 of 25 uses left");
        (await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.accept')).display")).ShouldBe("block"); // the stylesheet loaded
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("invite-desktop.png") });

        await page.GetByRole(AriaRole.Button, new() { Name = "Accept invite" }).ClickAsync();
        await page.WaitForURLAsync($"https://chat.example.com/join/{code}");
        page.Url.ShouldBe($"https://chat.example.com/join/{code}");
    }

    [NeedsChromiumFact]
    public async Task A_branded_page_shows_the_host_apps_name_logo_and_colour_in_light_and_dark_mode()
    {
        const string logo = "https://cdn.hearth.example/logo.svg";
        await using var app = Served(out var baseUrl, configure: a => a
            .With("LandingPage:ProductName", "Hearth Chat").With("LandingPage:LogoUrl", logo).With("LandingPage:AccentColor", "#5865f2"));
        var (_, channel) = await app.ServerWithMembersAsync("br-owner6", "br-member6");
        var code = await app.CreateInviteAsync("br-owner6", channel, new { max_age = 24 * 3600 });
        await using var browser = await Browser.LaunchAsync();

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await using var context = await browser.Engine.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, ColorScheme = scheme });
            var page = await PageAsync(context);
            // The host's logo, answered by the test (routes added later are asked first).
            await page.RouteAsync(logo, route => route.FulfillAsync(new()
            {
                ContentType = "image/svg+xml",
                Body = "<svg xmlns='http://www.w3.org/2000/svg' width='32' height='32'><rect width='32' height='32' rx='8' fill='#5865f2'/><circle cx='16' cy='16' r='7' fill='#fff'/></svg>",
            }));
            var policyViolations = new List<string>();
            page.Console += (_, message) => { if (message.Type == "error" && message.Text.Contains("Content Security Policy")) policyViolations.Add(message.Text); };

            await page.GotoAsync($"{baseUrl}/invite/{code}");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            (await page.Locator(".brand .product").InnerTextAsync()).ShouldBe("Hearth Chat");
            (await page.Locator(".brand img.logo").EvaluateAsync<int>("img => img.naturalWidth")).ShouldBe(32); // loaded, not refused by the policy
            (await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.accept')).backgroundColor")).ShouldBe("rgb(88, 101, 242)");
            (await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.accept')).color")).ShouldBe("rgb(255, 255, 255)");
            (await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.card')).borderTopColor")).ShouldBe("rgb(88, 101, 242)");
            (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync()).ShouldBe("Cool Server");
            policyViolations.ShouldBeEmpty();
            await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"invite-branded-{scheme.ToString().ToLowerInvariant()}.png") });
        }
    }

    [NeedsChromiumFact]
    public async Task A_hostile_name_and_icon_render_as_text_no_dialog_fires_and_the_policy_holds()
    {
        await using var app = Served(out var baseUrl, remoteImages: true);
        var created = await app.As("br-owner2").PostAsJsonAsync("/servers",
            new { name = "<script>alert(1)</script>", icon_url = "https://cdn.example/i.png\"onerror=\"alert(2)" });
        var channel = (await created.ReadJsonAsync())["channels"]![0]!["id"]!.GetValue<string>();
        var code = await app.CreateInviteAsync("br-owner2", channel);
        await using var browser = await Browser.LaunchAsync();
        await using var context = await browser.Engine.NewContextAsync();
        var page = await PageAsync(context);
        var dialogs = new List<string>();
        var policyViolations = new List<string>();
        page.Dialog += (_, dialog) => { dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
        page.Console += (_, message) => { if (message.Type == "error" && message.Text.Contains("Content Security Policy")) policyViolations.Add(message.Text); };
        await page.AddInitScriptAsync("window.__refused = 0; document.addEventListener('securitypolicyviolation', () => window.__refused++);");

        await page.GotoAsync($"{baseUrl}/invite/{code}");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync()).ShouldBe("<script>alert(1)</script>");
        (await page.Locator("img.icon").GetAttributeAsync("src")).ShouldBe("https://cdn.example/i.png\"onerror=\"alert(2)");
        (await page.Locator("img.icon").GetAttributeAsync("onerror")).ShouldBeNull();
        (await page.EvaluateAsync<int>("document.scripts.length")).ShouldBe(0);
        dialogs.ShouldBeEmpty();
        policyViolations.ShouldBeEmpty();

        // And the policy does hold: a script slipped into the page is refused by it.
        // The refusal is awaited as the page reports it, not by waiting a while.
        var refusedBefore = await page.EvaluateAsync<int>("window.__refused");
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true; alert(3)'; document.body.appendChild(s); }");
        await page.WaitForFunctionAsync($"window.__refused > {refusedBefore}");
        (await page.EvaluateAsync<bool>("window.__ran === true")).ShouldBeFalse();
        dialogs.ShouldBeEmpty();
    }

    [NeedsChromiumFact]
    public async Task By_default_the_browser_asks_no_host_but_the_service_for_anything_and_with_remote_images_on_it_loads_them()
    {
        foreach (var remoteImages in new[] { false, true })
        {
            await using var app = Served(out var baseUrl, remoteImages);
            var (_, channel) = await app.CreateServerAsync("br-owner5"); // icon_url https://cdn.example/icon.png
            var invite = await app.As("br-owner5", picture: "https://pics.example/face.png").PostAsJsonAsync($"/channels/{channel}/invites", new { });
            var code = (await invite.ReadJsonAsync())["code"]!.GetValue<string>();
            await using var browser = await Browser.LaunchAsync();
            await using var context = await browser.Engine.NewContextAsync();
            var page = await PageAsync(context);
            var elsewhere = new List<string>();
            page.Request += (_, request) => { if (!request.Url.StartsWith(baseUrl + "/", StringComparison.Ordinal)) elsewhere.Add(request.Url); };

            await page.GotoAsync($"{baseUrl}/invite/{code}");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            if (remoteImages)
            {
                elsewhere.Order().ShouldBe(["https://cdn.example/icon.png", "https://pics.example/face.png"]);
            }
            else
            {
                elsewhere.ShouldBeEmpty();
                (await page.Locator(".icon.initials").InnerTextAsync()).ShouldBe("CS");
                (await page.GetByRole(AriaRole.Img, new() { Name = "Avatar of Br-owner5" }).InnerTextAsync()).ShouldBe("B");
            }
        }
    }

    [NeedsChromiumFact]
    public async Task Expired_and_unknown_codes_show_the_not_found_page()
    {
        await using var app = Served(out var baseUrl);
        var (_, channel) = await app.CreateServerAsync("br-owner3");
        var expired = await app.CreateInviteAsync("br-owner3", channel, new { max_age = 60 });
        using var later = app.Time.Shift(TimeSpan.FromMinutes(5));
        await using var browser = await Browser.LaunchAsync();
        await using var context = await browser.Engine.NewContextAsync();
        var page = await PageAsync(context);

        foreach (var code in new[] { expired, "NoSuchCode9" })
        {
            var response = await page.GotoAsync($"{baseUrl}/invite/{code}");
            response!.Status.ShouldBe(404);
            (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync()).ShouldBe("This invite is invalid or has expired");
            (await page.GetByRole(AriaRole.Button).CountAsync()).ShouldBe(0);
        }
    }

    [NeedsChromiumFact]
    public async Task On_a_360_pixel_phone_it_fits_without_scrolling_sideways_works_without_javascript_and_follows_dark_mode()
    {
        await using var app = Served(out var baseUrl);
        var (_, channel) = await app.CreateServerAsync("br-owner4", "A server with a rather long name that has to wrap on a phone");
        var code = await app.CreateInviteAsync("br-owner4", channel, new { max_uses = 5 });
        await using var browser = await Browser.LaunchAsync();
        await using var phone = await browser.Engine.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 360, Height = 740 }, JavaScriptEnabled = false, IsMobile = true, DeviceScaleFactor = 2,
        });
        var page = await PageAsync(phone);

        await page.GotoAsync($"{baseUrl}/invite/{code}");

        await using var measuring = await browser.Engine.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 } });
        var measured = await PageAsync(measuring);
        await measured.GotoAsync($"{baseUrl}/invite/{code}");
        var overflow = await measured.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        overflow.ShouldBeLessThanOrEqualTo(0);
        (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).CountAsync()).ShouldBe(1);
        (await page.GetByRole(AriaRole.Button, new() { Name = "Accept invite" }).IsVisibleAsync()).ShouldBeTrue();
        (await page.GetByRole(AriaRole.Img, new() { Name = "Avatar of Br-owner4" }).CountAsync()).ShouldBe(1);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("invite-mobile.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept invite" }).ClickAsync(); // a plain link: no script needed
        await page.WaitForURLAsync($"https://chat.example.com/join/{code}");

        await using var dark = await browser.Engine.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 }, ColorScheme = ColorScheme.Dark });
        var darkPage = await PageAsync(dark);
        await darkPage.GotoAsync($"{baseUrl}/invite/{code}");
        (await darkPage.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor")).ShouldBe("rgb(13, 17, 23)");
        await darkPage.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("invite-dark.png"), FullPage = true });
    }

    /// <summary>
    /// The QR code as a person's phone would read it: Chromium renders the served SVG onto a canvas, and ZXing.Net (a real
    /// decoder) reads the pixels back to the invite page's URL.
    /// </summary>
    [NeedsChromiumFact]
    public async Task The_qr_code_a_browser_renders_decodes_to_the_invite_pages_url()
    {
        await using var app = Served(out var baseUrl);
        var (_, channel) = await app.ServerWithMembersAsync("br-owner9");
        var code = await app.CreateInviteAsync("br-owner9", channel);
        await using var browser = await Browser.LaunchAsync();
        await using var context = await browser.Engine.NewContextAsync(new() { BypassCSP = true, ViewportSize = new() { Width = 600, Height = 600 } });
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync($"{baseUrl}/invite/{code}/qr.svg");

        response!.Status.ShouldBe(200);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("invite-qr.png") });
        const int size = 400;
        var pixels = Convert.FromBase64String(await page.EvaluateAsync<string>("""
            async size => {
              const svg = await (await fetch(location.href)).text();
              const image = new Image();
              image.src = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
              await image.decode();
              const canvas = document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas');
              canvas.width = size;
              canvas.height = size;
              const context = canvas.getContext('2d');
              context.fillStyle = '#ffffff';
              context.fillRect(0, 0, size, size);
              context.drawImage(image, 0, 0, size, size);
              const rgba = context.getImageData(0, 0, size, size).data;
              let binary = '';
              for (let i = 0; i < rgba.length; i += 8192) binary += String.fromCharCode(...rgba.subarray(i, i + 8192));
              return btoa(binary);
            }
            """, size));

        var luminance = new ZXing.RGBLuminanceSource(pixels, size, size, ZXing.RGBLuminanceSource.BitmapFormat.RGBA32);
        var decoded = new ZXing.QrCode.QRCodeReader().decode(new ZXing.BinaryBitmap(new ZXing.Common.HybridBinarizer(luminance)));

        decoded.ShouldNotBeNull("ZXing found no QR code in what the browser drew");
        decoded.Text.ShouldBe($"{baseUrl}/invite/{code}");
    }
}
