using InviteService.App;
using InviteService.App.Commands;
using InviteService.Infrastructure.Hosting;

// Commands of the same program (token, backup, housekeeping, migrate-to-postgres), on the same host as the server.
if (ProgramCommands.IsCommand(args)) return await ProgramCommands.RunAsync(args, Console.Out, Console.Error);

try
{
    var builder = WebApplication.CreateBuilder(ServiceHost.Options(args)).ListenOnDefaultUnlessConfigured();
    builder.Services.AddInviteService(builder.Configuration);

    var app = builder.Build();
    app.UseInviteService();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ServiceHost.RunsAsTheProgram && ex is not HostAbortedException)
{
    // A start that fails says what to fix in one line, without a stack trace.
    Console.Error.WriteLine($"InviteService could not start: {ServiceHost.Describe(ex)}");
    return 1;
}

public partial class Program;
