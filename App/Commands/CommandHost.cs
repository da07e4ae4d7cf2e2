using InviteService.Infrastructure.Hosting;

namespace InviteService.App.Commands;

/// <summary>
/// The one host every command runs on: the server's own configuration and services (<see cref="ServiceComposition"/>),
/// built but never started, without logging to the console. A command takes what it needs from it.
/// </summary>
public static class CommandHost
{
    public static WebApplication Build(IConfiguration configuration)
    {
        var builder = WebApplication.CreateBuilder(ServiceHost.Options([], configuration[HostDefaults.ContentRootKey], configuration[HostDefaults.EnvironmentKey]));
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        builder.Services.AddInviteService(builder.Configuration);
        return builder.Build();
    }
}
