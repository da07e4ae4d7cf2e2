using InviteService.Infrastructure.Http;
using MediatR;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace InviteService.Infrastructure.Metrics;

/// <summary>
/// Metrics and traces, with the framework's own APIs (<see cref="System.Diagnostics.Metrics"/>,
/// <see cref="System.Diagnostics.ActivitySource"/>), exported by OpenTelemetry: to Prometheus on <c>Metrics:Urls</c>, and
/// to an OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. With neither, nothing listens and nothing is
/// exported: the instruments cost a check each.
/// </summary>
public static class MetricsSetup
{
    /// <summary>The OpenTelemetry SDK's own setting for where OTLP goes (and its other <c>OTEL_EXPORTER_OTLP_*</c> settings).</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The framework's meters that are exported besides ours: ASP.NET Core's (requests, Kestrel's connections, routing,
    /// exceptions, rate limiting, authentication) and the runtime's (GC, JIT, thread pool, CPU, memory). Not
    /// <c>System.Net.*</c>: HttpClient's and DNS's meters are tagged with the hosts that webhooks are sent to.
    /// </summary>
    public static readonly string[] FrameworkMeters = ["Microsoft.AspNetCore.*", "System.Runtime"];

    /// <summary>
    /// The runtime's gauges whose names end in <c>.count</c>, renamed: Prometheus keeps the <c>_count</c> suffix for histograms
    /// and summaries, and <c>promtool check metrics</c> refuses it on a gauge. Renamed for every exporter, so a metric has one
    /// name wherever it is read.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Renamed = new Dictionary<string, string>
    {
        ["dotnet.assembly.count"] = "dotnet.assemblies",
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
        ["dotnet.thread_pool.thread.count"] = "dotnet.thread_pool.threads",
        ["dotnet.timer.count"] = "dotnet.timers",
    };

    public static IServiceCollection AddServiceMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        // The exporters listen before the first instrument of ours exists, so nothing recorded at start-up (the zeros that
        // open each series) is missed.
        services.AddSingleton(provider =>
        {
            provider.GetService<MeterProvider>();
            return new ServiceMeter(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        });
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptions.Validator>();

        var prometheus = new MetricsOptions { Urls = configuration[$"{MetricsOptions.Section}:{nameof(MetricsOptions.Urls)}"] ?? "" }.Enabled;
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpoint]);
        if (!prometheus && !otlp) return services;

        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(
            serviceName: configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } named ? named : ServiceMeter.Name,
            serviceVersion: typeof(MetricsSetup).Assembly.GetName().Version?.ToString()));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(ServiceMeter.Name).AddMeter(FrameworkMeters);
            foreach (var (name, renamed) in Renamed) metrics.AddView(name, renamed);
            // Every scrape collects afresh: a scrape right after a join shows it.
            if (prometheus) metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            if (otlp) metrics.AddOtlpExporter();
        });
        if (prometheus) services.AddHostedService<MetricsListener>();
        if (!otlp) return services;

        telemetry.WithTracing(tracing => tracing
            .AddSource(ServiceMeter.Name, "Npgsql")
            .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpResponse = (activity, response) =>
            {
                // Spans carry the route template, as the request log does: a code in a path or query never leaves the service.
                activity.SetTag("url.path", RequestLogging.SafePath(response.HttpContext));
                activity.SetTag("url.query", null);
            })
            .AddOtlpExporter());
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TracingBehaviour<,>));
        return services;
    }
}
