using Dapper;
using InviteService.Infrastructure.Database;
using InviteService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InviteService.Tests.Infrastructure;

/// <summary>The rules of the data layer that nothing else would catch: statement sharing, cancellation around writes, checkpoints beside the writer.</summary>
[Trait(StoreTrait.Name, StoreTrait.SqliteOnly)]
public sealed class DataLayerTests
{
    [Fact]
    public async Task The_same_sql_run_again_while_its_reader_is_open_gets_its_own_statement()
    {
        await using var app = new InviteApp();
        var db = app.Services.GetRequiredService<Db>();
        _ = app.Server;
        await db.WriteAsync<int>(async (connection, transaction) =>
        {
            for (var i = 0; i < 5; i++)
            {
                await connection.ExecuteAsync("INSERT INTO users (id, name, created_at, updated_at) VALUES (@Id, 'dl', 0, 0)", new { Id = $"dl-{i}" }, transaction);
            }

            return 0;
        });
        const string sql = "SELECT id FROM users WHERE id LIKE @Pattern ORDER BY id";

        var (outer, inner) = await db.ReadAsync(async connection =>
        {
            var outerIds = new List<string>();
            var innerIds = new List<string>();
            using var reader = await connection.ExecuteReaderAsync(sql, new { Pattern = "dl-%" });
            while (await reader.ReadAsync())
            {
                outerIds.Add(reader.GetString(0));
                // The same text again, with other parameters, while the first reader is still open on this connection.
                innerIds.AddRange(await connection.QueryAsync<string>(sql, new { Pattern = $"dl-{outerIds.Count - 1}" }));
            }

            return (outerIds, innerIds);
        });

        outer.ShouldBe(["dl-0", "dl-1", "dl-2", "dl-3", "dl-4"]);
        inner.ShouldBe(outer);
    }

    [Fact]
    public async Task A_write_cancelled_before_it_starts_writes_nothing_and_one_that_started_commits_whole()
    {
        await using var app = new InviteApp();
        var db = app.Services.GetRequiredService<Db>();
        _ = app.Server;
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        using var cancel = new CancellationTokenSource();

        // The first write holds the writer until the test lets it go; the second queues behind it.
        var first = db.WriteAsync<int>(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO users (id, name, created_at, updated_at) VALUES ('dl-first', 'x', 0, 0)", transaction: transaction);
            holding.SetResult();
            await release.Task;
            cancel.Cancel(); // cancelling after a write has started changes nothing for that write
            return 1;
        }, cancel.Token);
        await holding.Task;
        var second = db.WriteAsync<int>(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO users (id, name, created_at, updated_at) VALUES ('dl-second', 'x', 0, 0)", transaction: transaction);
            return 2;
        }, cancel.Token);
        release.SetResult();

        (await first).Value.ShouldBe(1);
        await Should.ThrowAsync<OperationCanceledException>(() => second);
        app.Scalar("SELECT COUNT(*) FROM users WHERE id = 'dl-first'").ShouldBe(1);
        app.Scalar("SELECT COUNT(*) FROM users WHERE id = 'dl-second'").ShouldBe(0);
        await Should.ThrowAsync<OperationCanceledException>(() => db.ReadAsync(c => Task.FromResult(0), cancel.Token));
    }

    [Fact]
    public async Task Committed_writes_reach_the_database_file_without_the_writer_checkpointing()
    {
        await using var app = new InviteApp();
        var (server, _) = await app.CreateServerAsync("dl-checkpoint");

        // The writer's connection never checkpoints by itself...
        var db = app.Services.GetRequiredService<Db>();
        (await db.WriteAsync<long>(async (connection, transaction) =>
            await connection.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint;", transaction: transaction))).Value.ShouldBe(0);

        // ...yet the server reaches the main file (read here ignoring the WAL), copied there by the store's checkpoint thread.
        long InFile()
        {
            // Not pooled: a pooled immutable connection would keep the pages it read first, never looking at the file again.
            using var file = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source=file:{app.DatabasePath}?immutable=1;Pooling=False");
            file.Open();
            var tables = file.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'servers'");
            return tables == 0 ? 0 : file.ExecuteScalar<long>("SELECT COUNT(*) FROM servers WHERE id = @Id", new { Id = server });
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (InFile() == 0 && DateTime.UtcNow < deadline) await Task.Delay(100);

        InFile().ShouldBe(1);
    }

    [Fact]
    public async Task The_wal_starts_over_while_writes_keep_arriving()
    {
        await using var app = new InviteApp();
        _ = app.Server;
        var db = app.Services.GetRequiredService<Db>();
        var written = 0;

        // The WAL header counts how often the WAL started over from its beginning (its checkpoint sequence number, bytes
        // 12-15, big-endian); without a restart it would only grow, a page or more for every commit.
        uint Restarts()
        {
            var header = new byte[16];
            using (var wal = new FileStream(app.DatabasePath + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite)) wal.ReadExactly(header);
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12));
        }

        // Writers that never pause, so the WAL is never quiet by itself: each commit appends its pages to it. They write
        // until the WAL has started over three times, however slow the machine (the checkpoint thread shares its cores),
        // or until far more writes than that needs on any machine have gone by.
        const int enough = 200_000;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; Volatile.Read(ref written) < enough && (i % 500 != 0 || Restarts() < 3); i++)
            {
                await db.WriteAsync<int>(async (connection, transaction) =>
                    await connection.ExecuteAsync("INSERT INTO users (id, name, created_at, updated_at) VALUES (@Id, 'wal', 0, 0)", new { Id = $"wal-{writer}-{i}" }, transaction));
                Interlocked.Increment(ref written);
            }
        })));

        var restarts = Restarts();
        var size = new FileInfo(app.DatabasePath + "-wal").Length;
        restarts.ShouldBeGreaterThanOrEqualTo(3u, $"{written} writes, a WAL of {size / 1024} KB");
        size.ShouldBeLessThan(64L * 1024 * 1024, $"{written} writes, {restarts} restarts");
        app.Scalar("SELECT COUNT(*) FROM users WHERE name = 'wal'").ShouldBe(written);
    }
}
