using InviteService.Infrastructure.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace InviteService.Infrastructure.Metrics;

/// <summary>
/// Serves <c>/metrics</c> in the Prometheus text format on <see cref="MetricsOptions.Urls"/>, on a Kestrel server of its
/// own: the public server has no such route at all, so no Host header, proxy or port trick reaches it there, and the metrics
/// server answers nothing else (404). It reads the service's own <see cref="MeterProvider"/>.
/// </summary>
public sealed class MetricsListener(IOptions<MetricsOptions> options, MeterProvider meters, ILogger<MetricsListener> logger) : IHostedService, IAsyncDisposable
{
    public const string Path = "/metrics";

    private WebApplication? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var addresses = options.Value.Addresses;
        // An empty builder: none of the service's configuration (its Urls, its Kestrel endpoints) reaches this server.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls(addresses);
        // Its own lifetime lines would repeat the service's ("Application started", the content root): one line below says it all.
        builder.Services.AddSingleton<ILoggerFactory>(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var server = builder.Build();
        server.UseOpenTelemetryPrometheusScrapingEndpoint(meters, predicate: null, Path, configureBranchedPipeline: null, optionsName: null);
        server.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });

        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            await server.DisposeAsync();
            throw new StartupException(
                $"Metrics:Urls: could not listen on {string.Join(" ", addresses)}: {(ex.InnerException ?? ex).Message.TrimEnd('.')}. " +
                "Stop what listens there, or set Metrics:Urls to another address.");
        }

        _server = server;
        logger.LogInformation("Serving metrics at {Addresses}", string.Join(" ", addresses.Select(a => a.TrimEnd('/') + Path)));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) await _server.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _server = null;
    }
}
