using InviteService.Features.Invites;
using InviteService.Infrastructure;
using InviteService.Infrastructure.Auth;

// `dotnet run -- token --sub alice`: mint a token with the configured key instead of serving.
if (args is [TokenCommand.Name, .. var tokenArgs])
{
    var config = WebApplication.CreateBuilder([]).Configuration;
    return TokenCommand.Run(tokenArgs, config, Console.Out, Console.Error);
}

// `dotnet run -- housekeeping`: archive expired and used-up invites once, and print how many.
if (args is [HousekeepingCommand.Name, .. var housekeepingArgs])
{
    return await HousekeepingCommand.RunAsync(housekeepingArgs, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddInviteService(builder.Configuration);

var app = builder.Build();
app.UseInviteService();
app.Run();
return 0;

public partial class Program;
