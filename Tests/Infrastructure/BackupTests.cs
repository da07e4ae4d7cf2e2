using InviteService.App.Commands;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Database.Sqlite;
using InviteService.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace InviteService.Tests.Infrastructure;

[Trait(StoreTrait.Name, StoreTrait.SqliteOnly)]
public sealed class BackupTests
{
    private static IConfiguration ConfigFor(string path) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Invites"] = $"Data Source={path}" }).Build();

    [Fact]
    public async Task A_backup_taken_while_joins_run_is_a_consistent_copy()
    {
        await using var app = new InviteApp();
        var (_, channel) = await app.CreateServerAsync("bk-owner");
        var code = await app.CreateInviteAsync("bk-owner", channel, new { max_uses = 100 });
        var target = Path.Combine(Path.GetDirectoryName(app.DatabasePath)!, "backups", "copy.db");

        var joins = Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => app.As($"bk-user-{i}").PostAsync($"/invites/{code}", null))));
        var output = new StringWriter();
        var exit = Backup([target], ConfigFor(app.DatabasePath), output, TextWriter.Null);
        await joins;

        exit.ShouldBe(0);
        output.ToString().ShouldContain("backed up");
        using var copy = new SqliteConnection($"Data Source={target};Pooling=False;Mode=ReadOnly");
        copy.Open();
        Dapper.SqlMapper.ExecuteScalar<string>(copy, "PRAGMA integrity_check").ShouldBe("ok");
        Dapper.SqlMapper.ExecuteScalar<long>(copy, "PRAGMA user_version").ShouldBe(Migrator.LatestVersion);
        var uses = Dapper.SqlMapper.ExecuteScalar<long>(copy, "SELECT uses FROM invites WHERE code = @code", new { code });
        var members = Dapper.SqlMapper.ExecuteScalar<long>(copy, "SELECT COUNT(*) FROM members WHERE invite_code = @code", new { code });
        members.ShouldBe(uses); // one point in time: never a use without its member
        File.Exists(target + ".partial").ShouldBeFalse();
    }

    [Fact]
    public async Task A_backup_restores_by_copying_it_over_the_database_file()
    {
        string path, server, backup;
        await using (var app = new InviteApp())
        {
            path = app.DatabasePath;
            (server, _) = await app.CreateServerAsync("bk-restore");
            backup = Path.Combine(Path.GetDirectoryName(path)!, "restore.db");
            Backup([backup], ConfigFor(path), TextWriter.Null, TextWriter.Null).ShouldBe(0);
            await app.CreateServerAsync("bk-after-backup");
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        File.Copy(backup, path);

        await using var restored = InviteApp.OnFile(path);
        (await restored.As("bk-restore").GetAsync($"/servers/{server}")).EnsureSuccessStatusCode();
        restored.Scalar("SELECT COUNT(*) FROM servers WHERE owner_id = 'bk-after-backup'").ShouldBe(0);
    }

    [Fact]
    public void A_backup_never_overwrites_and_explains_its_usage()
    {
        var existing = Path.GetTempFileName();
        var error = new StringWriter();

        Backup([existing], ConfigFor(existing), TextWriter.Null, error).ShouldBe(2);
        error.ToString().ShouldContain("never overwrites");
        Backup([], ConfigFor(existing), TextWriter.Null, error).ShouldBe(2);
        error.ToString().ShouldContain("usage:");
        Backup(["x.db"], ConfigFor("/nonexistent/dir/none.db"), TextWriter.Null, error).ShouldBe(1);
    }

    [Fact]
    public async Task A_backup_is_its_owners_alone_and_leaves_a_partial_file_it_did_not_make_as_it_was()
    {
        await using var app = new InviteApp();
        await app.CreateServerAsync("bk-private");
        var target = Path.Combine(Path.GetDirectoryName(app.DatabasePath)!, "private.db");
        await File.WriteAllTextAsync(target + ".partial", "someone else's file");

        Backup([target], ConfigFor(app.DatabasePath), TextWriter.Null, TextWriter.Null).ShouldBe(0);

        if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(target).ShouldBe(SqliteDb.OwnerOnly);
        (await File.ReadAllTextAsync(target + ".partial")).ShouldBe("someone else's file");
        Directory.GetFiles(Path.GetDirectoryName(target)!, "private.db*").Order().ShouldBe([target, target + ".partial"]); // nothing of its own left
    }

    [Fact]
    public async Task Every_way_a_backup_fails_is_one_line_on_stderr_and_a_non_zero_exit()
    {
        await using var app = new InviteApp();
        _ = app.Server; // created and migrated
        var directory = Path.GetDirectoryName(app.DatabasePath)!;
        var aFile = Path.Combine(directory, "a-file");
        await File.WriteAllTextAsync(aFile, "not a directory");
        var notADatabase = Path.Combine(directory, "notes.txt");
        await File.WriteAllTextAsync(notADatabase, new string('x', 4096));

        var refusedSetting = new ConfigurationBuilder().AddConfiguration(ConfigFor(app.DatabasePath))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:BusyTimeoutMs"] = "-5" }).Build();
        var cases = new (string Target, IConfiguration Configuration, int Exit, string Says)[]
        {
            (directory, ConfigFor(app.DatabasePath), 2, "is a directory"),
            (Path.Combine(aFile, "copy.db"), ConfigFor(app.DatabasePath), 1, "cannot copy"),
            (Path.Combine(directory, "from-notes.db"), ConfigFor(notADatabase), 1, "cannot copy"),
            ("", ConfigFor(app.DatabasePath), 2, "is not a file path"),
            (Path.Combine(directory, "copy.db"), refusedSetting, 1, "BusyTimeoutMs"),
        };
        foreach (var (target, configuration, exit, says) in cases)
        {
            var error = new StringWriter();

            Backup([target], configuration, TextWriter.Null, error).ShouldBe(exit, target);

            var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Length.ShouldBe(1, error.ToString());
            lines[0].ShouldStartWith("backup: ");
            lines[0].ShouldContain(says);
        }

        Directory.GetFiles(directory, "*.partial", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    private static int Backup(string[] args, IConfiguration configuration, TextWriter output, TextWriter error) =>
        ProgramCommands.RunAsync(["backup", .. args], output, error, _ => configuration).GetAwaiter().GetResult();
}
