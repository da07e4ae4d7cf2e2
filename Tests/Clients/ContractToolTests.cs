using System.Text.Json;
using InviteService.Tests.Support;
using Xunit.Abstractions;

namespace InviteService.Tests.Clients;

/// <summary>
/// The contract as tools nobody here wrote read it (issue 24): two linters find no error in the live document, and clients
/// generated from it, TypeScript (openapi-typescript + openapi-fetch, under tsc --strict) and C# (NSwag with
/// System.Text.Json), compile and run the README's Hearth and Messenger walkthroughs against the running service.
/// </summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class ContractToolTests(LiveContract contract, ITestOutputHelper output) : IClassFixture<LiveContract>
{
    /// <summary>
    /// Everything that needs Node, in one test, so that a machine without it skips with one line: Redocly and Spectral find
    /// no error, and the TypeScript client compiles under --strict (with the requests the service refuses failing to
    /// compile, TypeScript/refused.ts) and runs the walkthroughs. Each tool runs whatever the one before it found.
    /// </summary>
    [NeedsContractToolsFact]
    public async Task The_linters_find_no_error_and_the_typescript_client_runs_the_walkthroughs()
    {
        var document = await contract.DocumentAsync();

        var problems = new List<string>();
        problems.AddRange(await RedoclyAsync(document));
        problems.AddRange(await SpectralAsync(document));
        problems.AddRange(await TypeScriptClientAsync(document));

        problems.ShouldBeEmpty(string.Join("\n", problems));
    }

    /// <summary>Generated and compiled once (one test), by the project's own NSwag.MSBuild build step.</summary>
    [Fact]
    public async Task The_csharp_client_with_system_text_json_compiles_and_runs_the_walkthroughs()
    {
        var document = await contract.DocumentAsync();
        var project = Path.Combine(ContractTools.Directory, "CSharp", "InvitesClientCheck.csproj");
        var built = Path.Combine(contract.WorkDirectory, "csharp");
        var generated = Path.Combine(ContractTools.Directory, "CSharp", "obj", "InvitesClient.g.cs");
        if (File.Exists(generated)) File.Delete(generated); // generated anew from this document (a fresh checkout has no obj/ yet: the build restores)

        var build = await ContractTools.RunAsync("dotnet", ["build", project, "-c", "Debug", "-o", built, $"-p:OpenApiDocument={document}", "--disable-build-servers", "-nodeReuse:false", "-v:q", "-nologo"]);
        build.ExitCode.ShouldBe(0, build.ToString());

        var run = await ContractTools.RunAsync("dotnet", [Path.Combine(built, "InvitesClientCheck.dll")], await contract.WalkthroughEnvironmentAsync());

        output.WriteLine(run.Output);
        run.ExitCode.ShouldBe(0, run.ToString());
        run.Output.ShouldContain("walkthroughs passed");
    }

    private async Task<IEnumerable<string>> RedoclyAsync(string document)
    {
        var run = await ContractTools.NodeAsync("redocly", ["lint", document, "--config", "redocly.yaml", "--format", "json"]);
        if (JsonStart(run.Output) is not { } json) return [$"Redocly wrote no report: {run}"];
        using var report = JsonDocument.Parse(json);
        var totals = report.RootElement.GetProperty("totals");
        output.WriteLine($"Redocly CLI 2.77.0 lint (recommended): {totals.GetProperty("errors").GetInt32()} errors, {totals.GetProperty("warnings").GetInt32()} warnings");
        var errors = report.RootElement.GetProperty("problems").EnumerateArray()
            .Where(p => p.GetProperty("severity").GetString() == "error")
            .Select(p => $"Redocly {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()}").ToList();
        if (errors.Count == 0 && run.ExitCode != 0) errors.Add($"Redocly failed: {run}");
        return errors;
    }

    private async Task<IEnumerable<string>> SpectralAsync(string document)
    {
        var run = await ContractTools.NodeAsync("spectral", ["lint", document, "--ruleset", ".spectral.yaml", "--format", "json", "--quiet"]);
        if (JsonStart(run.Output) is not { } json) return [$"Spectral wrote no report: {run}"];
        using var report = JsonDocument.Parse(json);
        var results = report.RootElement.EnumerateArray().ToList();
        var errors = results.Where(r => r.GetProperty("severity").GetInt32() == 0)
            .Select(r => $"Spectral {r.GetProperty("code").GetString()}: {r.GetProperty("message").GetString()} at {string.Join('.', r.GetProperty("path").EnumerateArray())}").ToList();
        output.WriteLine($"Spectral 6.16.3 (spectral:oas): {errors.Count} errors, {results.Count(r => r.GetProperty("severity").GetInt32() == 1)} warnings");
        if (errors.Count == 0 && run.ExitCode != 0) errors.Add($"Spectral failed: {run}");
        return errors;
    }

    private async Task<IEnumerable<string>> TypeScriptClientAsync(string document)
    {
        var generated = Path.Combine(ContractTools.Directory, "TypeScript", "obj");
        if (Directory.Exists(generated)) Directory.Delete(generated, recursive: true);

        var generate = await ContractTools.NodeAsync("openapi-typescript", [document, "-o", Path.Combine(generated, "schema.d.ts")]);
        if (generate.ExitCode != 0) return [$"openapi-typescript failed: {generate}"];
        // The walkthrough, and the requests the service refuses, which must not compile (TypeScript/refused.ts).
        var check = await ContractTools.NodeAsync("tsc", ["-p", "TypeScript", "--noEmit", "--strict"]);
        if (check.ExitCode != 0) return [$"tsc --noEmit --strict failed: {check}"];
        var emit = await ContractTools.NodeAsync("tsc", ["-p", "TypeScript", "--noEmit", "false", "--outDir", Path.Combine(generated, "js")]);
        if (emit.ExitCode != 0) return [$"tsc (emit) failed: {emit}"];

        var run = await ContractTools.RunAsync(OidcProvider.Node!, [Path.Combine(generated, "js", "walkthrough.js")], await contract.WalkthroughEnvironmentAsync());
        output.WriteLine("TypeScript client (openapi-typescript 7.13.0 + openapi-fetch 0.17.0): compiled under --strict");
        output.WriteLine(run.Output);
        return run.ExitCode == 0 && run.Output.Contains("walkthroughs passed", StringComparison.Ordinal) ? [] : [$"the TypeScript walkthrough failed: {run}"];
    }

    /// <summary>The JSON report, past any notice a tool prints before it (Redocly's about Node versions); null when there is none.</summary>
    private static string? JsonStart(string output)
    {
        var start = output.IndexOfAny(['{', '[']);
        return start < 0 ? null : output[start..];
    }
}

/// <summary>
/// The service as a real process on loopback, started when the first test asks (a class whose tool tests are all skipped and
/// whose C# test runs still needs it), its live document saved to a file the tools read, and tokens for the walkthroughs'
/// users. Stopped with the class.
/// </summary>
public sealed class LiveContract : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ServiceProcess? _service;
    private string? _document;

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "invite-tests", "contract-" + Guid.NewGuid().ToString("N"));

    /// <summary>The path of the document the running service serves at /openapi/v1.json.</summary>
    public async Task<string> DocumentAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_document is not null) return _document;
            Directory.CreateDirectory(WorkDirectory);
            _service = await ServiceProcess.StartAsync(TestStore.NewDatabase());
            var path = Path.Combine(WorkDirectory, "openapi.json");
            await File.WriteAllTextAsync(path, await _service.Http.GetStringAsync("/openapi/v1.json"));
            return _document = path;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What the walkthroughs read: the service's address and a token for each of their users.</summary>
    public async Task<IReadOnlyDictionary<string, string>> WalkthroughEnvironmentAsync()
    {
        await DocumentAsync();
        return new Dictionary<string, string>
        {
            ["INVITES_API"] = _service!.Http.BaseAddress!.ToString().TrimEnd('/'),
            ["INVITES_TOKEN_ALICE"] = ServiceProcess.Tokens.Issue("alice", "Alice", null, false),
            ["INVITES_TOKEN_BOB"] = ServiceProcess.Tokens.Issue("bob", "Bob", null, false),
            ["INVITES_TOKEN_CAROL"] = ServiceProcess.Tokens.Issue("carol", "Carol", null, false),
        };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
