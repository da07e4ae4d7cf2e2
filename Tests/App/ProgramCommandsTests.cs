using InviteService.App.Commands;
using InviteService.Tests.Support;

namespace InviteService.Tests.App;

/// <summary>What the program does with its arguments: serve, or run a command, and never serve by mistake.</summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class ProgramCommandsTests
{
    [Theory]
    [InlineData(new[] { "token", "--sub", "x" }, true)]
    [InlineData(new[] { "--version" }, true)]
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new[] { "tokne" }, true)]
    [InlineData(new[] { "serve" }, true)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5081" }, false)]
    [InlineData(new[] { "--Database:Provider=postgres" }, false)]
    [InlineData(new[] { "Urls=http://127.0.0.1:5081" }, false)]
    [InlineData(new string[0], false)]
    public void Only_the_servers_own_options_start_the_server(string[] args, bool command) =>
        ProgramCommands.IsCommand(args).ShouldBe(command);

    [Fact]
    public async Task Version_prints_the_version_and_exits()
    {
        var output = new StringWriter();

        (await ProgramCommands.RunAsync(["--version"], output, TextWriter.Null)).ShouldBe(0);
        output.ToString().Trim().ShouldMatch(@"^\d+\.\d+\.\d+");
    }

    [Fact]
    public async Task A_mistyped_command_prints_the_help_and_exits_2()
    {
        var error = new StringWriter();

        (await ProgramCommands.RunAsync(["tokne", "--sub", "x"], TextWriter.Null, error)).ShouldBe(2);
        error.ToString().ShouldContain("'tokne'");
        error.ToString().ShouldContain("Commands:");
        error.ToString().ShouldContain("housekeeping");
    }

    [Fact]
    public async Task The_built_program_answers_version_and_a_mistyped_command_without_starting_a_server()
    {
        var version = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?>(), AppContext.BaseDirectory, "--version");
        var mistyped = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?>(), AppContext.BaseDirectory, "housekeepin");

        version.ExitCode.ShouldBe(0);
        version.Output.Trim().ShouldMatch(@"^\d+\.\d+\.\d+");
        mistyped.ExitCode.ShouldBe(2);
        mistyped.Error.ShouldContain("Commands:");
    }

    [Fact]
    public async Task The_usage_line_has_no_stray_bracket_and_overrides_still_reach_the_configuration()
    {
        var help = new StringWriter();
        (await ProgramCommands.RunAsync(["token", "--help"], help, TextWriter.Null)).ShouldBe(0);
        help.ToString().ShouldContain(" token [options]" + Environment.NewLine); // the root is named for the host process
        help.ToString().ShouldNotContain("]]");

        var token = new StringWriter();
        (await ProgramCommands.RunAsync(["token", "--sub", "x", "--Auth:SigningKey=" + InviteApp.SigningKey, "--environment", "Testing"], token, TextWriter.Null)).ShouldBe(0);
        token.ToString().Trim().Split('.').Length.ShouldBe(3);
    }
}
