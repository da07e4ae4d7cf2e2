using System.Net;
using System.Net.Http.Json;
using InviteService.Infrastructure.Database;
using InviteService.Tests.Support;
using Microsoft.Data.Sqlite;

namespace InviteService.Tests.Infrastructure;

public sealed class StartupTests
{
    [Fact]
    public async Task Start_on_an_empty_directory_creates_the_database_and_a_restart_keeps_the_data()
    {
        var path = InviteApp.NewDatabasePath();
        if (!TestStore.IsPostgres) File.Exists(path).ShouldBeFalse();
        string server;
        await using (var first = InviteApp.OnFile(path))
        {
            (server, _) = await first.CreateServerAsync("st-owner");
            first.Scalar(TestStore.SchemaVersionSql).ShouldBe(Migrator.LatestVersion);
            if (!TestStore.IsPostgres)
            {
                File.Exists(path).ShouldBeTrue();
                first.Scalar("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'").ShouldBe(1);
            }
        }

        await using var second = InviteApp.OnFile(path);
        var response = await second.As("st-owner").GetAsync($"/servers/{server}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadJsonAsync())["name"]!.GetValue<string>().ShouldBe("Cool Server");
    }

    [Fact]
    public void A_database_from_a_newer_version_is_refused_with_a_clear_message()
    {
        var path = InviteApp.NewDatabasePath();
        using (var connection = TestStore.Open(path))
        {
            TestStore.SetSchemaVersion(connection, Migrator.LatestVersion + 1);
        }

        using var app = InviteApp.OnFile(path);
        var ex = Should.Throw<InvalidOperationException>(() => app.Start());
        ex.Message.ShouldContain("newer than this build supports");
    }

    [Fact]
    public void Outside_development_the_service_refuses_to_start_without_a_signing_key()
    {
        using var app = InviteApp.OnFile(InviteApp.NewDatabasePath(), "Production").With("Auth:SigningKey", "");

        var ex = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => app.Start());
        ex.Message.ShouldContain("Auth:SigningKey must be set");
    }

    [Fact]
    public void A_short_signing_key_is_refused()
    {
        using var app = InviteApp.OnFile(InviteApp.NewDatabasePath(), "Production").With("Auth:SigningKey", "too-short");

        Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => app.Start());
    }

    [Fact]
    public async Task Migrations_are_idempotent()
    {
        await using var app = new InviteApp();
        await app.CreateServerAsync("st-idem");
        var migrator = (Migrator)app.Services.GetService(typeof(Migrator))!;

        migrator.Migrate();
        migrator.Migrate();

        app.Scalar("SELECT COUNT(*) FROM servers").ShouldBe(1);
    }

    [Fact]
    public async Task Health_live_and_ready_answer_anonymously()
    {
        await using var app = new InviteApp();
        var client = app.As(null);

        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe($"Healthy\ndatabase: {app.Provider} at schema version {Migrator.LatestVersion}");
    }
}
