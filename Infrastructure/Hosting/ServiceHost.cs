using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Hosting;

/// <summary>
/// How every entry point (serving and the commands) finds its settings, and what a failed start says. The content root,
/// where appsettings.json is read from and relative database paths are resolved, is the program's own directory, whatever
/// the working directory, so a published build finds its settings wherever it is started from. In Development (<c>dotnet
/// run</c> in the repository) it is the working directory, as ASP.NET has it. <c>--contentRoot</c> or
/// <c>ASPNETCORE_CONTENTROOT</c> choose another.
/// </summary>
public static class ServiceHost
{
    /// <summary>Where the service listens when nothing (<c>--urls</c>, <c>Urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>) says.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplicationOptions Options(string[] args, string? contentRoot = null, string? environment = null) => new()
    {
        Args = args,
        ContentRootPath = contentRoot ?? (ContentRootIsConfigured(args) || IsDevelopment(args, environment) ? null : AppContext.BaseDirectory),
        EnvironmentName = environment,
    };

    private static bool IsDevelopment(string[] args, string? environment)
    {
        var named = environment
                    ?? args.SkipWhile(a => !a.Equals("--environment", StringComparison.OrdinalIgnoreCase)).Skip(1).FirstOrDefault()
                    ?? args.FirstOrDefault(a => a.StartsWith("--environment=", StringComparison.OrdinalIgnoreCase))?.Split('=', 2)[1]
                    ?? System.Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                    ?? System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
        return string.Equals(named, Environments.Development, StringComparison.OrdinalIgnoreCase);
    }

    private static bool ContentRootIsConfigured(string[] args) =>
        args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)) ||
        !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT")) ||
        !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));

    /// <summary>
    /// Whether this process was started as InviteService itself, rather than hosted by a test runner or a tool, which need
    /// a failed start as the exception it is.
    /// </summary>
    public static bool RunsAsTheProgram => System.Reflection.Assembly.GetEntryAssembly() == typeof(ServiceHost).Assembly;

    /// <summary>5080 on localhost only when no address is configured in any of the ways ASP.NET reads one.</summary>
    public static WebApplicationBuilder ListenOnDefaultUnlessConfigured(this WebApplicationBuilder builder)
    {
        var configured = new[] { "urls", "http_ports", "https_ports" }.Any(k => !string.IsNullOrWhiteSpace(builder.Configuration[k])) ||
                         builder.Configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!configured) builder.WebHost.UseUrls(DefaultUrl);
        return builder;
    }

    /// <summary>One line for a failed start, naming the setting or path to fix; null for a failure this does not know.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        StartupException s => s.Message,
        OptionsValidationException o => string.Join(" ", o.Failures),
        IOException { InnerException: AddressInUseException } io => PortInUse(io.Message.TrimEnd('.')),
        AddressInUseException inUse => PortInUse(inUse.Message.TrimEnd('.')),
        IOException { InnerException: SocketException socket } => $"could not listen: {socket.Message}. Set Urls (or ASPNETCORE_URLS, --urls).",
        AggregateException { InnerExceptions: [var only] } => Describe(only),
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    private static string PortInUse(string detail) =>
        $"{detail}. Stop what listens there, or set Urls (or ASPNETCORE_URLS, --urls) to another address.";
}
