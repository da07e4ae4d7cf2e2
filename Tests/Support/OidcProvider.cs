using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace InviteService.Tests.Support;

/// <summary>
/// A fact that needs the real OpenID provider (<see cref="OidcProvider"/>): Node and the npm packages of Support/Oidc. Locally
/// it is skipped, with one line saying what to install, when either is missing; under <c>CI=true</c> it runs anyway and fails,
/// since CI installs them.
/// </summary>
public sealed class NeedsOidcProviderFactAttribute : FactAttribute
{
    public NeedsOidcProviderFactAttribute()
    {
        if (OidcProvider.Missing is { } missing && Environment.GetEnvironmentVariable("CI") != "true") Skip = missing;
    }
}

/// <summary>
/// oidc-provider (npm, pinned in Support/Oidc/package.json and its lock file) as a real process on a free loopback port, run
/// by Support/Oidc/provider.mjs and stopped by its pid on dispose. Issuer <c>http://127.0.0.1:{port}</c>; one client may use
/// the client_credentials grant; its access tokens are JWTs for the audience the request names. The test chooses each
/// token's algorithm, lifetime and extra claims, and the published key set (<see cref="UseKeysAsync"/>).
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    /// <summary>The audience the tests configure as <c>Auth:Audience</c>: a resource indicator must be an absolute URI.</summary>
    public const string Audience = "https://invites.example/api";

    public const string ClientId = "host-app";
    private const string ClientSecret = "host-app-secret";

    public static string ScriptDirectory { get; } = Path.Combine(TestsDirectory(), "Support", "Oidc");

    public static string? Node { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => Path.Combine(directory, "node"))
        .FirstOrDefault(File.Exists);

    /// <summary>Why the provider cannot run here, in one line; null when it can.</summary>
    public static string? Missing =>
        Node is null ? "Node.js is not installed (apt-get install nodejs npm); .ci/run installs it, and there this test never skips"
        : !Directory.Exists(Path.Combine(ScriptDirectory, "node_modules", "oidc-provider"))
            ? "the test identity provider's npm packages are missing (cd Tests/Support/Oidc && npm ci); .ci/run installs them, and there this test never skips"
            : null;

    private readonly Process _process;
    private readonly bool _ownsKeyDirectory;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private OidcProvider(Process process, string keyDirectory, bool ownsKeyDirectory, int port)
    {
        _process = process;
        KeyDirectory = keyDirectory;
        _ownsKeyDirectory = ownsKeyDirectory;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri(Issuer), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    /// <summary>The issuer, which is also the service's <c>Auth:Authority</c>.</summary>
    public string Issuer => $"http://127.0.0.1:{Port}";

    /// <summary>Everything the process wrote so far (for failure messages).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>
    /// Starts a provider that publishes <paramref name="keys"/> (<c>kid:alg</c>, alg RS256, PS256 or ES256; the first key of an
    /// algorithm signs). Keys live in <paramref name="stateDirectory"/> (default: a new one), so a second provider on the same
    /// directory signs with the same key material under another issuer.
    /// </summary>
    public static async Task<OidcProvider> StartAsync(string[] keys, string? stateDirectory = null)
    {
        var node = Node ?? throw new InvalidOperationException(Missing);
        var state = stateDirectory ?? Path.Combine(Path.GetTempPath(), "invite-tests", "oidc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(state);
        var port = ServiceProcess.FreePort();
        var process = Process.Start(new ProcessStartInfo(node, [Path.Combine(ScriptDirectory, "provider.mjs"), port.ToString(), state, string.Join(',', keys)])
        {
            WorkingDirectory = ScriptDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var provider = new OidcProvider(process, state, ownsKeyDirectory: stateDirectory is null, port);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            provider.Append(e.Data);
            if (e.Data?.StartsWith("listening on ", StringComparison.Ordinal) == true) listening.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => provider.Append(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"the OpenID provider exited with {process.ExitCode}:\n{provider.Output}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            await provider.DisposeAsync();
            throw new TimeoutException($"the OpenID provider did not listen within 30 s:\n{provider.Output}");
        }

        return provider;
    }

    /// <summary>
    /// An access token from the client_credentials grant for <paramref name="audience"/>, signed with <paramref name="algorithm"/>,
    /// living <paramref name="lifetime"/> (default an hour), with <paramref name="claims"/> set in its payload (an object, or its
    /// JSON as a string, for escapes a serializer would not write).
    /// </summary>
    public async Task<string> TokenAsync(string algorithm = "RS256", string audience = Audience, TimeSpan? lifetime = null, object? claims = null, string? scope = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["resource"] = audience,
                ["scope"] = scope ?? "invites",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")));
        request.Headers.Add("X-Test-Alg", algorithm);
        if (lifetime is { } ttl) request.Headers.Add("X-Test-Ttl", ((int)ttl.TotalSeconds).ToString());
        if (claims is not null) request.Headers.Add("X-Test-Claims", claims as string ?? JsonSerializer.Serialize(claims));
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"the token endpoint answered {(int)response.StatusCode}: {body}\n{Output}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Publishes <paramref name="keys"/> (<c>kid:alg</c>) from now on, and signs with them: a rotation, as the provider's admin makes it.</summary>
    public async Task UseKeysAsync(params string[] keys)
    {
        using var response = await _http.PutAsync("/test/keys", new StringContent(string.Join(',', keys)));
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"the key change failed: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// The service with this provider as its authority over plain http, <see cref="Audience"/> as its audience and no shared
    /// key (add settings with <see cref="InviteApp.With"/>), its clock set to the real time, by which the provider stamps tokens.
    /// </summary>
    public InviteApp Service()
    {
        var app = new InviteApp()
            .With("Auth:Authority", Issuer)
            .With("Auth:RequireHttpsMetadata", "false")
            .With("Auth:Audience", Audience)
            .With("Auth:SigningKey", "");
        app.Time.AdjustTime(DateTimeOffset.UtcNow);
        return app;
    }

    /// <summary>How often the discovery document and the JWKS were fetched, by anyone.</summary>
    public async Task<(int Discovery, int Jwks)> FetchesAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("/test/fetches"));
        return (document.RootElement.GetProperty("discovery").GetInt32(), document.RootElement.GetProperty("jwks").GetInt32());
    }

    /// <summary>The directory that holds the keys, for a second provider on the same key material.</summary>
    public string KeyDirectory { get; }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Tests/, from this file's place (Tests/Support/OidcProvider.cs).</summary>
    private static string TestsDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, ".."));

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // It never started or has already been reaped.
        }

        _process.Dispose();
        if (_ownsKeyDirectory)
        {
            try
            {
                Directory.Delete(KeyDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>
/// One provider for a test class whose tests leave its keys alone, started when the first of them asks (so a class whose tests
/// are all skipped starts nothing), and stopped with the class.
/// </summary>
public sealed class SharedOidcProvider : IAsyncLifetime
{
    public static readonly string[] Keys = ["rs-1:RS256", "ps-1:PS256", "ec-1:ES256"];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private OidcProvider? _provider;

    public async Task<OidcProvider> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _provider ??= await OidcProvider.StartAsync(Keys);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
    }
}
