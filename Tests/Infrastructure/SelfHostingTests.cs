using System.Net;
using System.Net.Http.Json;
using InviteService.Infrastructure.Auth;
using InviteService.Tests.Support;

namespace InviteService.Tests.Infrastructure;

/// <summary>
/// The built program run as a self-hoster runs it: from another directory, configured through environment variables,
/// and refusing to start, in one line and with exit code 1, when a setting or a path is wrong.
/// </summary>
[Trait(StoreTrait.Name, StoreTrait.Independent)]
public sealed class SelfHostingTests
{
    private static string EmptyDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "invite-tests", "selfhost-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static void ShouldBeOneClearLine(string error, string mentions)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, $"stderr was:\n{error}");
        lines[0].ShouldStartWith("InviteService could not start: ");
        lines[0].ShouldContain(mentions);
        error.ShouldNotContain("   at ");
        error.ShouldNotContain("Unhandled exception");
    }

    [Fact]
    public async Task Started_from_another_directory_it_reads_its_own_settings_and_keeps_its_data_in_the_data_directory()
    {
        var elsewhere = EmptyDirectory();
        var data = EmptyDirectory();
        var port = ServiceProcess.FreePort();

        // No connection string given: appsettings.json next to the program says "Data Source=invites.db".
        await using (var service = await ServiceProcess.StartAsync(port, new Dictionary<string, string?>
                     {
                         ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                         ["Database:DataDirectory"] = data,
                     }, elsewhere))
        {
            (await service.Http.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
            var created = await service.Http.SendAsync(ServiceProcess.As("sh-owner", HttpMethod.Post, "/servers", new { name = "Self-hosted" }));
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
            service.Output.ShouldContain("\"Category\":"); // the JSON console format of appsettings.json, not the framework default
        }

        File.Exists(Path.Combine(data, "invites.db")).ShouldBeTrue();
        Directory.GetFiles(elsewhere).ShouldBeEmpty();
    }

    [Fact]
    public async Task ASPNETCORE_URLS_and_urls_choose_where_it_listens()
    {
        var directory = EmptyDirectory();
        var viaEnvironment = ServiceProcess.FreePort();
        await using (var service = await ServiceProcess.StartAsync(viaEnvironment, new Dictionary<string, string?>
                     {
                         ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{viaEnvironment}",
                         ["ConnectionStrings:Invites"] = $"Data Source={Path.Combine(directory, "a.db")}",
                     }, directory))
        {
            (await service.Http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var viaSetting = ServiceProcess.FreePort();
        await using (var service = await ServiceProcess.StartAsync(viaSetting, new Dictionary<string, string?>
                     {
                         ["Urls"] = $"http://127.0.0.1:{viaSetting}",
                         ["ConnectionStrings:Invites"] = $"Data Source={Path.Combine(directory, "b.db")}",
                     }, directory))
        {
            (await service.Http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData("", "Auth:SigningKey must be set")]
    [InlineData("too-short", "Auth:SigningKey must be set")]
    [InlineData(AuthOptions.DevelopmentKey, "public development key")]
    public async Task A_missing_short_or_development_key_is_refused_in_one_line(string key, string mentions)
    {
        var directory = EmptyDirectory();

        var (exit, _, error) = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = key,
            ["ConnectionStrings:Invites"] = $"Data Source={Path.Combine(directory, "x.db")}",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
        }, directory);

        exit.ShouldBe(1);
        ShouldBeOneClearLine(error, mentions);
    }

    [Fact]
    public async Task A_database_in_a_directory_that_does_not_exist_is_refused_and_nothing_is_created()
    {
        var directory = EmptyDirectory();
        var missing = Path.Combine(directory, "not-there");

        var (exit, _, error) = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Invites"] = $"Data Source={Path.Combine(missing, "x.db")}",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
        }, directory);

        exit.ShouldBe(1);
        ShouldBeOneClearLine(error, missing);
        Directory.Exists(missing).ShouldBeFalse();
    }

    [Fact]
    public async Task An_unwritable_database_path_is_named_with_what_to_do()
    {
        // Root writes anywhere on disk, so the test uses a file system no one may write to.
        var (exit, _, error) = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Invites"] = "Data Source=/proc/invites-test.db",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
        }, EmptyDirectory());

        exit.ShouldBe(1);
        ShouldBeOneClearLine(error, "/proc/invites-test.db");
        error.ShouldContain("permissions");
    }

    [Fact]
    public async Task A_busy_port_is_named_with_what_to_do()
    {
        var directory = EmptyDirectory();
        using var squatter = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var (exit, _, error) = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Invites"] = $"Data Source={Path.Combine(directory, "x.db")}",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        }, directory);

        exit.ShouldBe(1);
        ShouldBeOneClearLine(error, $"127.0.0.1:{port}");
        error.ShouldContain("Urls");
    }

    [Fact]
    public async Task The_commands_read_the_same_settings_from_another_directory()
    {
        var data = EmptyDirectory();
        var (exit, output, error) = await ServiceProcess.RunToExitAsync(
            new Dictionary<string, string?> { ["Database:DataDirectory"] = data }, EmptyDirectory(), "housekeeping");

        exit.ShouldBe(0, error);
        output.Trim().ShouldBe("archived 0 dead invites");
        File.Exists(Path.Combine(data, "invites.db")).ShouldBeTrue();
    }
}
