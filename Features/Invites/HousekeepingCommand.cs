using System.CommandLine;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary><c>dotnet run -- housekeeping</c>: archives dead invites once, on the configured database, and says how many.</summary>
public static class HousekeepingCommand
{
    public const string Name = "housekeeping";

    public static Command Create(Infrastructure.Cli.ProgramCommands.Context context)
    {
        var command = new Command(Name, "Archive expired and used-up invites once, and say how many.");
        command.SetAction((parsed, cancellationToken) => RunAsync(context.Configuration(parsed), context.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(Infrastructure.Hosting.ServiceHost.Options(
            [], configuration[HostDefaults.ContentRootKey], configuration[HostDefaults.EnvironmentKey]));
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        builder.Services.AddInviteService(builder.Configuration);
        await using var app = builder.Build();
        app.Services.GetRequiredService<Migrator>().Migrate();

        using var scope = app.Services.CreateScope();
        var archived = (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ArchiveDeadInvites.Command(), cancellationToken)).Value;
        output.WriteLine($"archived {archived} dead invite{(archived == 1 ? "" : "s")}");
        return 0;
    }
}
