using Microsoft.Playwright;

namespace InviteService.Tests.Support;

/// <summary>A fact that drives Debian's Chromium: skipped locally, with one line, when it is missing; never under <c>CI=true</c>.</summary>
public sealed class NeedsChromiumFactAttribute : FactAttribute
{
    public NeedsChromiumFactAttribute()
    {
        if (!File.Exists(Browser.Chromium) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "Chromium is not installed (apt-get install chromium); .ci/run installs it, and there this test never skips";
        }
    }
}

/// <summary>Playwright for .NET driving Debian's Chromium, headless, with no network beyond this machine.</summary>
public sealed class Browser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Engine = chromium;
    }

    public IBrowser Engine { get; }

    public static async Task<Browser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // As root and with no network beyond loopback: no sandbox, no background calls out.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new Browser(playwright, chromium);
    }

    /// <summary>Where screenshots go: TestResults/screenshots at the repository root, beside the test results.</summary>
    public static string ScreenshotPath(string name)
    {
        var directory = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }

    /// <summary>This file is Tests/Support/Browser.cs, two levels below the root.</summary>
    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", ".."));

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _playwright.Dispose();
    }
}
