using Microsoft.Extensions.Options;

namespace InviteService.Infrastructure.Database;

/// <summary>Picks the store named by <c>Database:Provider</c>, on <c>ConnectionStrings:Invites</c>: the one place that knows both.</summary>
public static class Store
{
    /// <summary>The connection string's name: <c>ConnectionStrings:Invites</c>.</summary>
    public const string ConnectionStringName = "Invites";

    /// <summary>How the store behind <paramref name="connection"/> numbers webhook events.</summary>
    public static EventNumbering EventNumberingOf(System.Data.Common.DbConnection connection) =>
        connection is Npgsql.NpgsqlConnection ? Postgres.PostgresDb.EventNumbering : Sqlite.SqliteDb.EventNumbering;

    public static Db Create(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new Hosting.StartupException(options.Provider == DatabaseOptions.Postgres
                ? "ConnectionStrings:Invites is not set (e.g. \"Host=localhost;Database=invites;Username=invites;Password=…\")."
                : "ConnectionStrings:Invites is not set (e.g. \"Data Source=invites.db\").");
        }

        var metrics = services.GetService<DbMetrics>();
        return options.Provider == DatabaseOptions.Postgres
            ? new Postgres.PostgresDb(connectionString, options, services.GetRequiredService<ILogger<Postgres.PostgresDb>>()) { Metrics = metrics }
            : new Sqlite.SqliteDb(connectionString, options, services.GetRequiredService<IHostEnvironment>().ContentRootPath,
                services.GetRequiredService<ILogger<Sqlite.SqliteDb>>()) { Metrics = metrics };
    }
}
