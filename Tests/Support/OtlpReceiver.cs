using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InviteService.Tests.Support;

/// <summary>
/// An OTLP/HTTP endpoint on loopback, as a collector offers one (<c>/v1/traces</c>, <c>/v1/metrics</c>, protobuf): it keeps
/// every body it is sent. Protobuf keeps strings as UTF-8 bytes, so a test finds names (and looks for codes) in the bytes.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, int port)
    {
        _app = app;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    /// <summary>Every export received: its path (<c>/v1/traces</c>, <c>/v1/metrics</c>), content type and body.</summary>
    public ConcurrentQueue<(string Path, string ContentType, byte[] Body)> Exports { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = ServiceProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, port);
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver.Exports.Enqueue((context.Request.Path, context.Request.ContentType ?? "", body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Whether any export to <paramref name="path"/> holds <paramref name="text"/> (as UTF-8).</summary>
    public bool Received(string path, string text) => Exports.Any(e => e.Path == path && Contains(e.Body, text));

    /// <summary>Whether any export at all holds <paramref name="text"/>.</summary>
    public bool ReceivedAnywhere(string text) => Exports.Any(e => Contains(e.Body, text));

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
