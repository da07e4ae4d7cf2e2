using System.CommandLine;
using System.Text.RegularExpressions;
using InviteService.Infrastructure.Hosting;
using Microsoft.Extensions.Options;

namespace InviteService.App.Commands;

/// <summary>
/// The program's commands besides serving (<c>token</c>, <c>backup</c>, <c>housekeeping</c>, <c>migrate-to-postgres</c>), parsed by
/// System.CommandLine, with <c>--help</c>. Each command reads its configuration exactly as the server does: appsettings.json
/// and appsettings.{environment}.json from the content root, environment variables, and <c>--Section:Key=value</c>
/// overrides, with <c>--contentRoot</c> and <c>--environment</c> as for the server; and each runs on <see cref="CommandHost"/>.
/// </summary>
public static partial class ProgramCommands
{
    public static readonly string[] Commands = [TokenCommand.Name, BackupCommand.Name, HousekeepingCommand.Name, MigrateToPostgresCommand.Name];

    /// <summary>
    /// Whether the arguments ask for a command, the help or the version rather than the server. Anything that is not an
    /// option of the server's (<c>--urls …</c>, <c>--Section:Key=value</c>, <c>Key=value</c>) is taken for a command, so a
    /// mistyped one is answered with the help instead of starting a second server.
    /// </summary>
    public static bool IsCommand(string[] args) => args is [var first, ..] &&
        (first is "--help" or "-h" or "-?" or "--version" || (!first.StartsWith('-') && !first.StartsWith('/') && !first.Contains('=')));

    /// <summary>What a command's action needs: where to write, and the configuration its arguments select.</summary>
    public sealed record Context(TextWriter Output, TextWriter Error, Func<ParseResult, IConfiguration> Configuration)
    {
        /// <summary>The host of the command's configuration.</summary>
        public WebApplication Host(ParseResult parsed) => CommandHost.Build(Configuration(parsed));
    }

    public static readonly Option<string?> ContentRoot = new("--contentRoot") { Description = "Where appsettings.json is read from (default: the program's own directory)", Recursive = true };
    public static readonly Option<string?> Environment = new("--environment") { Description = "Development, Production, … (default: ASPNETCORE_ENVIRONMENT)", Recursive = true };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<ParseResult, IConfiguration>? configuration = null)
    {
        // --Section:Key=value overrides are the configuration's, not the parser's: set apart, they never meet its usage line.
        var overrides = args.Where(a => Override().IsMatch(a)).ToArray();
        var context = new Context(output, error, configuration ?? (parsed => ServerConfiguration(parsed, overrides)));
        var root = new RootCommand(
            "InviteService: invite links for community apps. With no command, it serves the API. Every command reads the " +
            "server's settings, and takes --Section:Key=value to override one.");
        root.Options.Add(ContentRoot);
        root.Options.Add(Environment);
        root.Subcommands.Add(TokenCommand.Create(context));
        root.Subcommands.Add(BackupCommand.Create(context));
        root.Subcommands.Add(HousekeepingCommand.Create(context));
        root.Subcommands.Add(MigrateToPostgresCommand.Create(context));

        var parsed = root.Parse(args.Except(overrides).ToArray());
        if (parsed.Errors.Count > 0)
        {
            var command = parsed.CommandResult.Command;
            foreach (var problem in parsed.Errors) error.WriteLine($"{command.Name}: {problem.Message}");
            if (command is RootCommand) root.Parse("--help").Invoke(new InvocationConfiguration { Output = error });
            else error.WriteLine($"usage: see 'dotnet run -- {command.Name} --help'");
            return 2;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is StartupException or OptionsValidationException)
        {
            // A setting the service would refuse at start-up, met by any command: said in one line, as the server says it.
            return context.Fail(parsed.CommandResult.Command.Name, ex.Message);
        }
    }

    /// <summary>The server's configuration sources, for a command, with its overrides.</summary>
    public static IConfiguration ServerConfiguration(ParseResult parsed, string[] overrides) =>
        WebApplication.CreateBuilder(ServiceHost.Options(overrides, parsed.GetValue(ContentRoot), parsed.GetValue(Environment)))
            .Configuration;

    /// <summary>A failure a command reports in one line, prefixed with its name, rather than as a stack trace.</summary>
    public static int Fail(this Context context, string command, string message, int exitCode = 1)
    {
        context.Error.WriteLine($"{command}: {message}");
        return exitCode;
    }

    [GeneratedRegex(@"\A--[A-Za-z][A-Za-z0-9_.:]*=")]
    private static partial Regex Override();
}
