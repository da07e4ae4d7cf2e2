using System.Diagnostics;
using System.Text;

namespace InviteService.Tests.Support;

/// <summary>
/// A fact that needs the npm packages of Tests/Clients (the linters and the TypeScript client generator) and Node. Locally it
/// is skipped, with one line saying what to install, when either is missing; under <c>CI=true</c> it runs anyway and fails,
/// since CI installs them.
/// </summary>
public sealed class NeedsContractToolsFactAttribute : FactAttribute
{
    public NeedsContractToolsFactAttribute()
    {
        if (ContractTools.Missing is { } missing && Environment.GetEnvironmentVariable("CI") != "true") Skip = missing;
    }
}

/// <summary>
/// The tools of Tests/Clients, nobody's here: Redocly CLI, Spectral, openapi-typescript with openapi-fetch and tsc (npm,
/// pinned in its package.json and lock file), and NSwag (NuGet, through Tests/Clients/CSharp). Each runs as a process of its
/// own, with everything it prints kept for the test's message.
/// </summary>
public static class ContractTools
{
    public static string Directory { get; } = Path.Combine(TestsDirectory(), "Clients");

    /// <summary>Why the npm tools cannot run here, in one line; null when they can.</summary>
    public static string? Missing =>
        OidcProvider.Node is null ? "Node.js is not installed (apt-get install nodejs npm); .ci/run installs it, and there this test never skips"
        : !File.Exists(Bin("redocly")) || !File.Exists(Bin("spectral")) || !File.Exists(Bin("openapi-typescript")) || !File.Exists(Bin("tsc"))
            ? "the contract tools' npm packages are missing (cd Tests/Clients && npm ci); .ci/run installs them, and there this test never skips"
            : null;

    /// <summary>An npm package's command in Tests/Clients/node_modules/.bin.</summary>
    public static string Bin(string name) => Path.Combine(Directory, "node_modules", ".bin", name);

    /// <summary>Runs an npm package's command with Node (<see cref="Bin"/>) in Tests/Clients.</summary>
    public static Task<ToolRun> NodeAsync(string command, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync(OidcProvider.Node ?? throw new InvalidOperationException(Missing), [Bin(command), .. args], environment);

    /// <summary>
    /// Runs <paramref name="file"/> in Tests/Clients until it exits, at most <paramref name="timeout"/> (default 5 minutes),
    /// without the variables of the MSBuild that runs the tests, which would steer a build of its own.
    /// </summary>
    public static async Task<ToolRun> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        // Tools that would call home (telemetry, update notices) have nowhere to call here.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', args)} did not finish within {timeout ?? TimeSpan.FromMinutes(5)}:\n{await stdout}{await stderr}");
        }

        return new ToolRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Tests/, from this file's place (Tests/Support/ContractTools.cs).</summary>
    private static string TestsDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, ".."));
}

/// <summary>A finished tool: its exit code and what it wrote.</summary>
public sealed record ToolRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit code {ExitCode}\n{Output}\n{Error}";
}
