using System.Net;
using Dapper;
using InviteService.Infrastructure.Database;
using Microsoft.Extensions.DependencyInjection;
using InviteService.Tests.Support;
using Npgsql;

namespace InviteService.Tests.Postgres;

/// <summary>
/// A write that collides with another process's commit runs again and is answered by its rules; one that keeps colliding
/// past Database:MaxWriteAttempts is a 503 with Retry-After that wrote nothing. The other process is played by a
/// connection of the test's own, so the collision happens every time.
/// </summary>
public sealed class WriteConflictTests
{
    /// <summary>Holds the invite's row in a serializable transaction until the join waits on it, then commits under it.</summary>
    private static async Task<HttpResponseMessage> JoinWhileAnotherProcessUpdatesTheInvite(InviteApp app, string code)
    {
        await using var other = new NpgsqlConnection(TestStore.ConnectionString(app.DatabasePath));
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
        await using (var touch = new NpgsqlCommand("UPDATE invites SET updated_at = updated_at + 1 WHERE code = @code", other, transaction))
        {
            touch.Parameters.AddWithValue("code", code);
            (await touch.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var join = app.As("wc-joiner").PostAsync($"/invites/{code}", null);
        await WaitUntilAWriteWaitsOnALock(other, app.DatabasePath);
        await transaction.CommitAsync();
        return await join;
    }

    /// <summary>
    /// Until a connection of this app's own (its application name is its schema) waits on a lock: other tests run on the
    /// same database at the same time, and a wait of theirs must not release the collision early.
    /// </summary>
    private static async Task WaitUntilAWriteWaitsOnALock(NpgsqlConnection observer, string app)
    {
        await Eventually.HoldsAsync(async () =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = @app AND wait_event_type = 'Lock'", observer);
            command.Parameters.AddWithValue("app", app);
            return (long)(await command.ExecuteScalarAsync())! > 0;
        }, "the join to wait on the invite's row");
    }

    [Fact]
    public async Task A_join_that_collides_with_another_commit_runs_again_and_succeeds()
    {
        await using var app = new InviteApp();
        var (_, channel) = await app.CreateServerAsync("wc-owner1");
        var code = await app.CreateInviteAsync("wc-owner1", channel, new { max_uses = 5 });

        var response = await JoinWhileAnotherProcessUpdatesTheInvite(app, code);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(1);
        app.Scalar("SELECT COUNT(*) FROM members WHERE user_id = 'wc-joiner'").ShouldBe(1);
    }

    [Fact]
    public async Task A_join_that_still_collides_after_the_last_attempt_is_503_with_retry_after_and_writes_nothing()
    {
        await using var app = new InviteApp().With("Database:MaxWriteAttempts", "1");
        var (_, channel) = await app.CreateServerAsync("wc-owner2");
        var code = await app.CreateInviteAsync("wc-owner2", channel, new { max_uses = 5 });

        var response = await JoinWhileAnotherProcessUpdatesTheInvite(app, code);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadJsonAsync())["error"]!.GetValue<string>().ShouldBe("unavailable");
        app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(0);
        app.Scalar("SELECT COUNT(*) FROM members WHERE user_id = 'wc-joiner'").ShouldBe(0);

        (await app.As("wc-joiner").PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.OK); // and the retry works
    }

    [Fact]
    public async Task A_write_that_keeps_colliding_fails_alone_and_the_writes_batched_with_it_commit()
    {
        await using var app = new InviteApp().With("Database:MaxWriteAttempts", "3");
        _ = app.Server;
        var db = app.Services.GetRequiredService<Db>();
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // One write holds the writer, so the next ones queue and are committed together, as one batch.
        var holder = db.WriteAsync<int>(async (_, _) =>
        {
            held.SetResult();
            await holding.Task;
            return 0;
        });
        await held.Task;
        var colliding = db.WriteAsync<int>((_, _) =>
            throw new PostgresException("could not serialize access due to concurrent update", "ERROR", "ERROR", PostgresErrorCodes.SerializationFailure));
        var bystanders = Enumerable.Range(0, 5).Select(i => db.WriteAsync<int>(async (connection, transaction) =>
            await connection.ExecuteAsync("INSERT INTO users (id, name, created_at, updated_at) VALUES (@Id, 'bystander', 0, 0)", new { Id = $"wc-bystander-{i}" }, transaction))).ToArray();
        holding.SetResult();
        await holder;

        await Should.ThrowAsync<StoreUnavailableException>(colliding);
        foreach (var bystander in bystanders) (await bystander).IsSuccess.ShouldBeTrue();
        app.Scalar("SELECT COUNT(*) FROM users WHERE name = 'bystander'").ShouldBe(5);
    }

    /// <summary>Ends every server process serving <paramref name="app"/>'s connections, as a restart or failover would.</summary>
    private static async Task DropConnectionsAsync(InviteApp app)
    {
        await using var admin = new NpgsqlConnection(TestStore.PostgresServer);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @app AND pid <> pg_backend_pid()", admin);
        command.Parameters.AddWithValue("app", app.DatabasePath);
        ((long)(await command.ExecuteScalarAsync())!).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Reads_and_writes_that_lose_their_connection_run_again_on_a_fresh_one()
    {
        await using var app = new InviteApp();
        var (_, channel) = await app.CreateServerAsync("wc-owner3");
        var code = await app.CreateInviteAsync("wc-owner3", channel);
        (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await DropConnectionsAsync(app);
        (await app.As(null).GetAsync($"/invites/{code}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await DropConnectionsAsync(app);
        (await app.As("wc-joiner3").PostAsync($"/invites/{code}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Scalar("SELECT uses FROM invites WHERE code = @code", new { code }).ShouldBe(1);
    }
}
