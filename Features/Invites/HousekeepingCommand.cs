using InviteService.Infrastructure;
using InviteService.Infrastructure.Database;
using MediatR;

namespace InviteService.Features.Invites;

/// <summary><c>dotnet run -- housekeeping</c>: archives dead invites once, on the configured database, and says how many.</summary>
public static class HousekeepingCommand
{
    public const string Name = "housekeeping";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.ClearProviders();
        builder.Services.AddInviteService(builder.Configuration);
        await using var app = builder.Build();
        app.Services.GetRequiredService<Migrator>().Migrate();

        using var scope = app.Services.CreateScope();
        var archived = (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ArchiveDeadInvites.Command())).Value;
        output.WriteLine($"archived {archived} dead invite{(archived == 1 ? "" : "s")}");
        return 0;
    }
}
