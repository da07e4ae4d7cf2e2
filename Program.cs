using InviteService.Features.Invites;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;
using InviteService.Infrastructure.Database;

// Commands of the same program, on the same configuration (appsettings, environment, launch profile).
switch (args)
{
    case [TokenCommand.Name, .. var rest]: // mint a token with the configured key
        return TokenCommand.Run(rest, Configuration(), Console.Out, Console.Error);
    case [BackupCommand.Name, .. var rest]: // a consistent copy of the live database
        return BackupCommand.Run(rest, Configuration(), Console.Out, Console.Error);
    case [HousekeepingCommand.Name, .. var rest]: // archive expired and used-up invites once
        return await HousekeepingCommand.RunAsync(rest, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddInviteService(builder.Configuration);

var app = builder.Build();
app.UseInviteService();
app.Run();
return 0;

static IConfiguration Configuration() => WebApplication.CreateBuilder([]).Configuration;

public partial class Program;
