using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using InviteService.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace InviteService.Tests.Infrastructure;

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

    public static readonly TokenIssuer Tokens = new(Options.Create(new AuthOptions { SigningKey = InviteApp.SigningKey }), TimeProvider.System);

    /// <summary>Starts the service on a free loopback port with the test signing key and <paramref name="settings"/> (ASP.NET names, <c>A:B</c>).</summary>
    public static async Task<ServiceProcess> StartAsync(string database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "InviteService.dll"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Invites"] = $"Data Source={database}";
        start.Environment["Auth__SigningKey"] = InviteApp.SigningKey;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__")] = value;
        }

        var service = new ServiceProcess(Process.Start(start)!, port);
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
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Issue(user));
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
