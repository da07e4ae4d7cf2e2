using InviteService.Infrastructure.Database.Sqlite;
using InviteService.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InviteService.Tests.Infrastructure;

/// <summary>The database file holds signing secrets and people's data: who may read it.</summary>
[Trait(StoreTrait.Name, StoreTrait.SqliteOnly)]
public sealed class DatabaseFileTests
{
    private const UnixFileMode WorldReadable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public async Task A_database_the_service_creates_is_its_owners_alone_and_so_are_its_wal_and_shm_files()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = InviteApp.NewDatabasePath();
        await using var app = InviteApp.OnFile(path);

        await app.CreateServerAsync("df-owner"); // a write: the -wal and -shm files exist while the service runs

        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Exists(file).ShouldBeTrue(file);
            File.GetUnixFileMode(file).ShouldBe(SqliteDb.OwnerOnly, file);
        }
    }

    [Fact]
    public async Task A_database_an_admin_made_readable_by_others_keeps_its_mode_and_the_service_warns_once()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = InviteApp.NewDatabasePath();
        using (var existing = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            existing.Open();
        }

        File.SetUnixFileMode(path, WorldReadable);
        var logs = new CapturedLogs();
        await using var app = InviteApp.OnFile(path);
        var logged = app.WithWebHostBuilder(b => b.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(logs)));

        await logged.CreateClient().GetAsync("/health/ready");

        File.GetUnixFileMode(path).ShouldBe(WorldReadable);
        var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains(path, StringComparison.Ordinal)).ToArray();
        warnings.Length.ShouldBe(1);
        warnings[0].Message.ShouldContain("chmod 600");
    }
}
