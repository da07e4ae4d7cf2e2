using Microsoft.Extensions.DependencyInjection;
using System.Net;
using InviteService.Tests.Support;

namespace InviteService.Tests.Postgres;

/// <summary>Operating on PostgreSQL: readiness names the store, and backup says how to back it up instead of pretending.</summary>
public sealed class PostgresOperationsTests
{
    [Fact]
    public async Task Ready_reports_the_postgres_store_and_its_schema_version()
    {
        await using var app = new InviteApp();

        var ready = await app.As(null).GetAsync("/health/ready");

        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe($"Healthy\ndatabase: postgres at schema version {InviteService.Infrastructure.Database.Migrator.LatestVersion}");
    }

    [Fact]
    public async Task The_pool_is_a_few_connections_a_core_unless_the_connection_string_sizes_it()
    {
        // The tests' own connection strings size their pools; these two are the server's alone, and that plus a size.
        await using var sized = new InviteApp();
        var unsized = new Npgsql.NpgsqlConnectionStringBuilder(TestStore.PostgresServer) { SearchPath = sized.DatabasePath }.ConnectionString;
        sized.With("ConnectionStrings:Invites", unsized);
        await using var configured = new InviteApp().With("ConnectionStrings:Invites", unsized + ";Maximum Pool Size=3");

        int PoolOf(InviteApp app)
        {
            using var connection = app.Services.GetRequiredService<InviteService.Infrastructure.Database.Db>().Open();
            return new Npgsql.NpgsqlConnectionStringBuilder(connection.ConnectionString).MaxPoolSize;
        }

        PoolOf(sized).ShouldBe(InviteService.Infrastructure.Database.Postgres.PostgresDb.DefaultMaxPoolSize);
        PoolOf(sized).ShouldBeLessThan(100);
        PoolOf(configured).ShouldBe(3);
    }

    [Fact]
    public async Task Backup_on_postgres_explains_pg_dump_for_this_database_and_exits_2()
    {
        var error = new StringWriter();
        var exit = await InviteService.App.Commands.ProgramCommands.RunAsync(
            ["backup", "copy.dump", "--Database:Provider=postgres", "--ConnectionStrings:Invites=Host=db.internal;Port=6543;Database=community;Username=invites;Password=secret"],
            TextWriter.Null, error);

        exit.ShouldBe(2);
        var text = error.ToString();
        text.ShouldContain("pg_dump --format=custom --host=db.internal --port=6543 --username=invites --dbname=community --file=copy.dump");
        text.ShouldContain("pg_restore");
        text.ShouldNotContain("secret");
    }

    [Fact]
    public async Task A_connection_string_that_is_not_postgres_stops_the_start_with_one_clear_line()
    {
        var (exit, output, error) = await ServiceProcess.RunToExitAsync(new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
            ["Database:Provider"] = "postgres",
            ["ConnectionStrings:Invites"] = "Data Source=invites.db",
        }, AppContext.BaseDirectory);

        exit.ShouldBe(1);
        (output + error).ShouldContain("is not a PostgreSQL connection string");
        (output + error).ShouldNotContain("   at ");
    }
}
