using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using InviteService.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace InviteService.Tests.Support;

/// <summary>
/// The built service as a real process on loopback, configured through environment variables as a self-hoster would,
/// with everything it prints kept for the test to read.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }
    public HttpClient Http { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Waits (up to 60 s) until the process has written <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited) throw new InvalidOperationException($"the service exited with {_process.ExitCode} before writing \"{text}\":\n{Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited 60 s for \"{text}\"; the service wrote:\n{Output}");
            await Task.Delay(50);
        }
    }

    public static readonly TokenIssuer Tokens = new(Options.Create(new AuthOptions { SigningKey = InviteApp.SigningKey }), TimeProvider.System);

    /// <summary>Starts the service on a free loopback port with the test signing key and <paramref name="settings"/> (ASP.NET names, <c>A:B</c>).</summary>
    public static Task<ServiceProcess> StartAsync(string database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var environment = new Dictionary<string, string?> { ["Urls"] = $"http://127.0.0.1:{port}" };
        foreach (var (key, value) in TestStore.Settings(database)) environment[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        return StartAsync(port, environment, AppContext.BaseDirectory);
    }

    /// <summary>
    /// The built program, started as a self-hoster would: Production, the test key, and only the environment given (ASP.NET
    /// names, <c>A:B</c>; a null value removes a variable) from <paramref name="workingDirectory"/>.
    /// </summary>
    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string?> environment, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "InviteService.dll"), .. args])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_CONTENTROOT" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Auth__SigningKey"] = InviteApp.SigningKey;
        // The tests' webhook receivers listen on loopback, which the service refuses by default; a test of that default
        // removes this (a null value).
        start.Environment["Webhooks__BlockPrivateTargets"] = "false";
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key.Replace(":", "__"));
            else start.Environment[key.Replace(":", "__")] = value;
        }

        return start;
    }

    /// <summary>Runs the program until it exits (it is expected to refuse to start): its exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(
        IReadOnlyDictionary<string, string?> environment, string workingDirectory, params string[] args)
    {
        using var process = Process.Start(StartInfo(environment, workingDirectory, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException("the program did not exit within 30 s");
        }

        return (process.ExitCode, await output, await error);
    }

    public static async Task<ServiceProcess> StartAsync(int port, IReadOnlyDictionary<string, string?> environment, string workingDirectory)
    {
        var service = new ServiceProcess(Process.Start(StartInfo(environment, workingDirectory))!, port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (service._process.HasExited)
            {
                throw new InvalidOperationException($"the service exited with {service._process.ExitCode}:\n{service.Output}");
            }

            try
            {
                if ((await service.Http.GetAsync("/health/ready")).IsSuccessStatusCode) return service;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await service.DisposeAsync();
        throw new TimeoutException("the service did not become ready in 30 s");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static HttpRequestMessage As(string user, HttpMethod method, string url, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        var admin = user.EndsWith("-platform", StringComparison.Ordinal); // the platform admin of these tests
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Issue(user, null, null, admin));
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    /// <summary>SIGKILL on Linux: no shutdown, no flush.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>A graceful stop (SIGTERM), waiting until the process has written its last line.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(timeout.Token);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
        Http.Dispose();
        return ValueTask.CompletedTask;
    }
}
