using InviteService.Tests.Support;
using Microsoft.Playwright;

namespace InviteService.Tests.Infrastructure;

/// <summary>The API reference at /docs in a real browser, under the policy it is served with.</summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class ApiReferenceBrowserTests
{
    [NeedsChromiumFact]
    public async Task The_reference_renders_under_its_policy_with_no_violation_and_refuses_a_script_slipped_in()
    {
        var port = ServiceProcess.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var app = new InviteApp().With("Invites:PublicBaseUrl", baseUrl);
        app.UseKestrel(port);
        app.StartServer();
        await using var browser = await Browser.LaunchAsync();
        await using var context = await browser.Engine.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        var outside = new List<string>();
        await page.RouteAsync(url => !url.StartsWith(baseUrl), route => { outside.Add(route.Request.Url); return route.AbortAsync(); });
        // Every refusal the policy makes, as the page sees it.
        await page.AddInitScriptAsync("""
            window.__violations = [];
            document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
            """);

        var response = await page.GotoAsync($"{baseUrl}/docs/");
        await page.GetByText("The database answers").First.WaitForAsync();

        response!.Status.ShouldBe(200);
        (await response.HeaderValueAsync("x-frame-options")).ShouldBe("DENY");
        // The one refusal allowed: Scalar's bundled Zod probes once whether it may compile with eval, and on refusal
        // validates without it. The policy keeps eval refused.
        var violations = await page.EvaluateAsync<string[]>("window.__violations");
        violations.Where(v => v != "script-src eval").ShouldBeEmpty();
        outside.ShouldBeEmpty();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("api-reference.png") });

        // The policy holds: an inline script without the nonce is refused, and the refusal is reported.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.body.appendChild(s); }");
        await page.WaitForFunctionAsync($"window.__violations.length > {violations.Length}");
        (await page.EvaluateAsync<bool>("window.__ran === true")).ShouldBeFalse();
        (await page.EvaluateAsync<string[]>("window.__violations")).Skip(violations.Length).ShouldBe(["script-src-elem inline"]);
    }
}
