using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Metrics;

/// <summary>Where Prometheus scrapes the service's metrics, apart from the public address.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// Addresses that serve <c>/metrics</c> in the Prometheus text format and nothing else, such as
    /// <c>http://127.0.0.1:9464</c> (several separated by <c>;</c>). Empty, the default: no metrics endpoint. The public
    /// address never serves <c>/metrics</c>, whatever this says.
    /// </summary>
    public string Urls { get; set; } = "";

    public bool Enabled => Addresses.Length > 0;

    public string[] Addresses => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Refuses, at start-up and in one line, an address that is not one Kestrel listens on as given.</summary>
    public sealed class Validator : IValidateOptions<MetricsOptions>
    {
        public ValidateOptionsResult Validate(string? name, MetricsOptions options) =>
            options.Addresses.FirstOrDefault(a => !IsListenAddress(a)) is { } refused
                ? ValidateOptionsResult.Fail(
                    $"Metrics:Urls must be http:// addresses with a port and no path, such as http://127.0.0.1:9464 (several separated by ';'); \"{refused}\" is not.")
                : ValidateOptionsResult.Success;
    }

    /// <summary>An address Kestrel listens on as given: http, a host (an IP address, a name, or <c>*</c>), an explicit port, no path.</summary>
    private static bool IsListenAddress(string address)
    {
        try
        {
            var parsed = BindingAddress.Parse(address);
            return parsed.Scheme == "http" && !parsed.IsUnixPipe && parsed.Host.Length > 0 && parsed.Port is > 0 and <= 65535 &&
                   parsed.PathBase.Length == 0 && address.Contains($":{parsed.Port}", StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
