using InviteService.App.Commands;
using InviteService.Infrastructure.Database;
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

    private static int Backup(string[] args, IConfiguration configuration, TextWriter output, TextWriter error) =>
        ProgramCommands.RunAsync(["backup", .. args], output, error, _ => configuration).GetAwaiter().GetResult();
}
