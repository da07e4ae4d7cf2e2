using System.Net;
using System.Text.Json.Nodes;
using InviteService.Infrastructure.Database;
using InviteService.Tests.Support;

namespace InviteService.Tests.Postgres;

/// <summary>
/// <c>migrate-to-postgres</c> as a self-hoster runs it: a SQLite database made by the current service (through its API),
/// the service stopped, the command run, the service started on PostgreSQL: every answer is the same, and it carries on.
/// </summary>
public sealed class MigrateToPostgresTests
{
    private static Dictionary<string, string?> Sqlite(string path, int port) => new()
    {
        ["Urls"] = $"http://127.0.0.1:{port}",
        ["Database:Provider"] = "sqlite",
        ["ConnectionStrings:Invites"] = $"Data Source={path}",
    };

    private static async Task<JsonNode> Send(ServiceProcess via, string user, HttpMethod method, string url, object? body = null)
    {
        using var response = await via.Http.SendAsync(ServiceProcess.As(user, method, url, body));
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>What a client sees of the data: every read of both faces that the seeded data reaches.</summary>
    private static async Task<Dictionary<string, string>> ViewsAsync(ServiceProcess service, string server, string[] codes, string hook)
    {
        var views = new Dictionary<string, string>
        {
            ["server"] = (await Send(service, "mig-owner", HttpMethod.Get, $"/servers/{server}")).ToJsonString(),
            ["invites"] = (await Send(service, "mig-owner", HttpMethod.Get, $"/servers/{server}/invites")).ToJsonString(),
            ["members"] = (await Send(service, "mig-owner", HttpMethod.Get, $"/servers/{server}/members")).ToJsonString(),
            ["vanity"] = (await Send(service, "mig-owner", HttpMethod.Get, $"/servers/{server}/vanity-url")).ToJsonString(),
            ["thread"] = (await Send(service, "mig-owner", HttpMethod.Get, $"/api/messenger/threads/{server}/invites")).ToJsonString(),
            ["webhook"] = Without(await Send(service, "mig-platform", HttpMethod.Get, $"/webhooks/{hook}"), "failing_since", "paused_until"), // move with delivery attempts
        };
        foreach (var code in codes)
        {
            views["preview " + code] = (await Send(service, "mig-viewer", HttpMethod.Get, $"/invites/{code}")).ToJsonString();
            views["joins " + code] = (await Send(service, "mig-owner", HttpMethod.Get, $"/invites/{code}/joins")).ToJsonString();
        }

        return views;
    }

    private static string Without(JsonNode node, params string[] properties)
    {
        foreach (var property in properties) node.AsObject().Remove(property);
        return node.ToJsonString();
    }

    [Fact]
    public async Task A_database_made_by_the_service_is_copied_verified_and_served_the_same_from_PostgreSQL()
    {
        var file = Path.Combine(Path.GetTempPath(), "invite-tests", Guid.NewGuid().ToString("N"), "invites.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        string server;
        string[] codes;
        string hook;
        Dictionary<string, string> before;
        var port = ServiceProcess.FreePort();
        await using (var sqlite = await ServiceProcess.StartAsync(port, Sqlite(file, port), AppContext.BaseDirectory))
        {
            hook = (await Send(sqlite, "mig-platform", HttpMethod.Post, "/webhooks", new { url = "http://127.0.0.1:9/nobody-listens", events = new[] { "member.joined" } }))["webhook"]!["id"]!.GetValue<string>();
            var created = await Send(sqlite, "mig-owner", HttpMethod.Post, "/servers", new { name = "Moving House", icon_url = "https://cdn.example/house.png" });
            server = created["id"]!.GetValue<string>();
            var channel = created["channels"]![0]!["id"]!.GetValue<string>();
            await Send(sqlite, "mig-platform", HttpMethod.Patch, $"/servers/{server}", new { features = new[] { "VANITY_URL" } });
            await Send(sqlite, "mig-owner", HttpMethod.Patch, $"/servers/{server}", new { vanity_code = "moving-house" });
            var limited = (await Send(sqlite, "mig-owner", HttpMethod.Post, $"/channels/{channel}/invites", new { max_uses = 5, temporary = true }))["code"]!.GetValue<string>();
            var open = (await Send(sqlite, "mig-owner", HttpMethod.Post, $"/channels/{channel}/invites", new { }))["code"]!.GetValue<string>();
            for (var i = 0; i < 3; i++) await Send(sqlite, $"mig-member-{i}", HttpMethod.Post, $"/invites/{limited}");
            for (var i = 3; i < 6; i++) await Send(sqlite, $"mig-member-{i}", HttpMethod.Post, $"/invites/{open}");
            await Send(sqlite, "mig-vanity", HttpMethod.Post, "/invites/moving-house");
            await Send(sqlite, "mig-member-5", HttpMethod.Delete, $"/servers/{server}/members/mig-member-5");
            await Send(sqlite, "mig-owner", HttpMethod.Put, $"/servers/{server}/bans/mig-member-4", new { reason = "moved out" });
            codes = [limited, open, "moving-house"];
            before = await ViewsAsync(sqlite, server, codes, hook);
            await sqlite.StopAsync();
        }

        var target = TestStore.NewDatabase();
        try
        {
            var (exit, output, error) = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?>(), AppContext.BaseDirectory,
                "migrate-to-postgres", "--from", file, "--to", TestStore.ConnectionString(target));
            exit.ShouldBe(0, error);
            output.ShouldContain("row counts verified");
            foreach (var table in InviteService.Infrastructure.Database.Postgres.SqliteImport.Tables) output.ShouldContain(table);
            output.ShouldNotContain("MISMATCH");

            await using (var postgres = await ServiceProcess.StartAsync(target))
            {
                var after = await ViewsAsync(postgres, server, codes, hook);
                foreach (var (view, json) in before) after[view].ShouldBe(json, view);

                // And it carries on: a new join is counted and attributed after the copied ones.
                await Send(postgres, "mig-newcomer", HttpMethod.Post, $"/invites/{codes[1]}");
                var joins = await Send(postgres, "mig-owner", HttpMethod.Get, $"/invites/{codes[1]}/joins");
                joins.ToJsonString().ShouldContain("mig-newcomer");
                (await Send(postgres, "mig-owner", HttpMethod.Get, $"/servers/{server}"))["member_count"]!.GetValue<int>()
                    .ShouldBe(JsonNode.Parse(before["server"])!["member_count"]!.GetValue<int>() + 1);
            }

            var again = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?>(), AppContext.BaseDirectory,
                "migrate-to-postgres", "--from", file, "--to", TestStore.ConnectionString(target));
            again.ExitCode.ShouldBe(1);
            again.Error.ShouldContain("not empty");
        }
        finally
        {
            await TestStore.DropAsync(target);
        }
    }

    /// <summary>
    /// SQLite keeps a NUL in text, PostgreSQL cannot (earlier versions let one in through a token's sub or a webhook's
    /// server_id): the copy stops at the first such row, says which in one line, and leaves the target empty.
    /// </summary>
    [Fact]
    public async Task A_row_with_a_NUL_fails_the_copy_in_one_line_naming_its_table_and_row_and_copies_nothing()
    {
        var file = Path.Combine(Path.GetTempPath(), "invite-tests", Guid.NewGuid().ToString("N"), "invites.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        string channel;
        var port = ServiceProcess.FreePort();
        await using (var sqlite = await ServiceProcess.StartAsync(port, Sqlite(file, port), AppContext.BaseDirectory))
        {
            var created = await Send(sqlite, "mig-nul-owner", HttpMethod.Post, "/servers", new { name = "Nul House" });
            channel = created["channels"]![0]!["id"]!.GetValue<string>();
            await sqlite.StopAsync();
        }

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var update = new Microsoft.Data.Sqlite.SqliteCommand("UPDATE channels SET name = 'gen' || char(0) || 'eral' WHERE id = $id", connection);
            update.Parameters.AddWithValue("$id", channel);
            (await update.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var target = TestStore.NewDatabase();
        try
        {
            var (exit, output, error) = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?>(), AppContext.BaseDirectory,
                "migrate-to-postgres", "--from", file, "--to", TestStore.ConnectionString(target));

            exit.ShouldBe(1, error);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            lines.Length.ShouldBe(1, error);
            lines[0].ShouldStartWith("migrate-to-postgres: ");
            lines[0].ShouldContain("channels");
            lines[0].ShouldContain(channel);
            lines[0].ShouldContain("name");
            lines[0].ShouldContain("U+0000");
            output.ShouldNotContain("row counts verified");
            await using var postgres = TestStore.Open(target);
            foreach (var table in InviteService.Infrastructure.Database.Postgres.SqliteImport.Tables)
            {
                Dapper.SqlMapper.ExecuteScalar<long>(postgres, $"SELECT COUNT(*) FROM {table}").ShouldBe(0, table);
            }

            // Mended in SQLite, the same file copies into the same database.
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var mend = new Microsoft.Data.Sqlite.SqliteCommand("UPDATE channels SET name = 'general' WHERE id = $id", connection);
                mend.Parameters.AddWithValue("$id", channel);
                (await mend.ExecuteNonQueryAsync()).ShouldBe(1);
            }

            var again = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?>(), AppContext.BaseDirectory,
                "migrate-to-postgres", "--from", file, "--to", TestStore.ConnectionString(target));
            again.ExitCode.ShouldBe(0, again.Error);
            Dapper.SqlMapper.ExecuteScalar<string>(postgres, "SELECT name FROM channels WHERE id = @Id", new { Id = channel }).ShouldBe("general");
        }
        finally
        {
            await TestStore.DropAsync(target);
        }
    }
}
