using Dapper;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Errors;
using InviteService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InviteService.Tests.Infrastructure;

/// <summary>Writes committed together still succeed, fail and throw one by one.</summary>
public sealed class GroupCommitTests(InviteApp app) : IClassFixture<InviteApp>
{
    private static readonly Error Refused = new("refused", "Refused", ErrorKind.BadRequest);

    [Fact]
    public async Task Concurrent_writes_keep_only_the_successful_ones_and_each_caller_gets_its_own_answer()
    {
        var db = app.Services.GetRequiredService<Db>();
        _ = app.Server;
        const int writes = 300;

        var results = await Task.WhenAll(Enumerable.Range(0, writes).Select(i => Task.Run(async () =>
        {
            try
            {
                var result = await db.WriteAsync<int>(async (connection, transaction) =>
                {
                    await connection.ExecuteAsync(
                        "INSERT INTO users (id, name, created_at, updated_at) VALUES (@Id, 'gc', 0, 0)", new { Id = $"gc-{i}" }, transaction);
                    if (i % 3 == 1) return Refused;                                         // refused: its insert is rolled back
                    if (i % 3 == 2) throw new InvalidOperationException($"boom {i}");   // throws: likewise
                    return i;
                });
                return result.IsSuccess ? $"ok {result.Value}" : $"refused {i}";
            }
            catch (InvalidOperationException ex)
            {
                return ex.Message;
            }
        })));

        for (var i = 0; i < writes; i++)
        {
            results[i].ShouldBe((i % 3) switch { 0 => $"ok {i}", 1 => $"refused {i}", _ => $"boom {i}" });
        }

        app.Scalar("SELECT COUNT(*) FROM users WHERE id LIKE 'gc-%'").ShouldBe(writes / 3);
        app.Scalar("SELECT COUNT(*) FROM users WHERE id LIKE 'gc-%' AND CAST(SUBSTR(id, 4) AS INTEGER) % 3 <> 0").ShouldBe(0);
    }

    [Fact]
    public async Task A_later_write_in_a_batch_sees_the_earlier_ones()
    {
        var db = app.Services.GetRequiredService<Db>();
        _ = app.Server;

        var counts = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => db.WriteAsync<long>(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO users (id, name, created_at, updated_at) VALUES (@Id, 'seq', 0, 0)", new { Id = $"seq-{i}" }, transaction);
            return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE id LIKE 'seq-%'", transaction: transaction);
        }))));

        // Every write saw all those committed or queued before it: the counts are exactly 1..50, each once.
        counts.Select(c => c.Value).OrderBy(c => c).ShouldBe(Enumerable.Range(1, 50).Select(c => (long)c));
    }
}
