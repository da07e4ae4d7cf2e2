using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace InviteService.Tests.Support;

/// <summary>
/// A fact that needs a real server from Debian's packages. Locally it is skipped, with one line saying what to install,
/// when the server is missing; under <c>CI=true</c> it runs anyway and fails, since CI installs what the tests need.
/// </summary>
public sealed class NeedsNginxFactAttribute : FactAttribute
{
    public NeedsNginxFactAttribute()
    {
        if (Nginx.Binary is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "nginx is not installed (apt-get install nginx-light); .ci/run installs it, and there this test never skips";
        }
    }
}

/// <summary>A real nginx reverse proxy on a loopback port, in front of <c>http://127.0.0.1:{upstreamPort}</c>, stopped on dispose.</summary>
public sealed class Nginx : IAsyncDisposable
{
    public static string? Binary { get; } = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);

    private readonly Process _process;
    private readonly string _directory;

    private Nginx(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<Nginx> StartAsync(int upstreamPort)
    {
        var binary = Binary ?? throw new InvalidOperationException("nginx is not installed: apt-get install nginx-light");
        var directory = Path.Combine(Path.GetTempPath(), "invite-tests", "nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var port = ServiceProcess.FreePort();
        // One process as the current user (no master, no daemon), every path in its own directory, loopback only.
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
            master_process off;
            daemon off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://127.0.0.1:{{upstreamPort}};
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                    }
                }
            }
            """);
        var process = Process.Start(new ProcessStartInfo(binary, ["-p", directory, "-c", Path.Combine(directory, "nginx.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var nginx = new Nginx(process, directory, port);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return nginx;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        await nginx.DisposeAsync();
        throw new TimeoutException("nginx did not listen within 10 s");
    }

    /// <summary>An HTTP client whose connections come from <paramref name="source"/> (any 127.x.y.z address is this machine).</summary>
    public static HttpClient ClientFrom(IPAddress source, int port)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
