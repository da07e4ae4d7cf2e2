using System.CommandLine;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Housekeeping;

namespace InviteService.App.Commands;

/// <summary><c>dotnet run -- housekeeping</c>: one round of the same housekeeping the service runs, on the configured database.</summary>
public static class HousekeepingCommand
{
    public const string Name = "housekeeping";

    public static Command Create(ProgramCommands.Context context)
    {
        var command = new Command(Name, "Run housekeeping once (archive expired and used-up invites, expire unanswered join requests, prune old webhook deliveries), and say what it did.");
        command.SetAction(async (parsed, cancellationToken) =>
        {
            await using var host = context.Host(parsed);
            host.Services.GetRequiredService<Migrator>().Migrate();
            foreach (var outcome in await host.Services.GetRequiredService<HousekeepingJob>().RunAsync(cancellationToken))
            {
                if (outcome.Line is { } line) context.Output.WriteLine(line);
            }

            return 0;
        });
        return command;
    }
}
