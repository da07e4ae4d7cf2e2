using InviteService.Infrastructure;
using InviteService.Infrastructure.Cli;

// Commands of the same program (token, backup, housekeeping), on the same configuration sources as the server.
if (ProgramCommands.IsCommand(args)) return await ProgramCommands.RunAsync(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddInviteService(builder.Configuration);

var app = builder.Build();
app.UseInviteService();
app.Run();
return 0;

public partial class Program;
