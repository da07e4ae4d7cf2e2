using System.CommandLine;
using Dapper;
using InviteService.Infrastructure.Database.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace InviteService.Infrastructure.Database;

/// <summary>
/// <c>dotnet run -- migrate-to-postgres --from invites.db --to "Host=…;Database=…"</c>: copies a SQLite database made by this
/// version into an empty PostgreSQL database (created at the same schema version), in one transaction, and verifies that
/// every table holds as many rows as the source. Stop the service first: the copy is of the file as it is then.
/// </summary>
public static class MigrateToPostgresCommand
{
    public const string Name = "migrate-to-postgres";

    /// <summary>Every table, parents before children, so each row's references already exist when it arrives.</summary>
    public static readonly string[] Tables =
        ["users", "servers", "channels", "members", "bans", "invites", "joins", "webhooks", "webhook_events", "webhook_deliveries"];

    public static Command Create(Cli.ProgramCommands.Context context)
    {
        var from = new Option<string>("--from") { Description = "The SQLite database file to copy (stop the service first)", Required = true };
        var to = new Option<string>("--to") { Description = "The PostgreSQL connection string of an empty database", Required = true };
        var command = new Command(Name, "Copy a SQLite database into an empty PostgreSQL database and verify the row counts.") { from, to };
        command.SetAction((parsed, cancellationToken) =>
            RunAsync(parsed.GetValue(from)!, parsed.GetValue(to)!, context.Output, context.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string from, string to, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(from);
        if (!File.Exists(source))
        {
            error.WriteLine($"{Name}: there is no database at {source}.");
            return 1;
        }

        await using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await sqlite.OpenAsync(cancellationToken);
        var version = await sqlite.ExecuteScalarAsync<int>(Migrator.VersionSql(DatabaseOptions.Sqlite));
        if (version != Migrator.LatestVersion)
        {
            error.WriteLine($"{Name}: {source} is at schema version {version}, and this build copies version {Migrator.LatestVersion}. " +
                            "Start this version of the service on it once (it upgrades the file), stop it, then copy.");
            return 1;
        }

        using var target = new PostgresDb(to, new DatabaseOptions { Provider = DatabaseOptions.Postgres },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresDb>.Instance);
        try
        {
            new Migrator(target, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).Migrate();
        }
        catch (Hosting.StartupException ex)
        {
            error.WriteLine($"{Name}: {ex.Message}");
            return 1;
        }

        await using var postgres = (NpgsqlConnection)target.Open();
        foreach (var table in Tables)
        {
            if (await RowsAsync(postgres, table) > 0)
            {
                error.WriteLine($"{Name}: the PostgreSQL database is not empty ({table} has rows); copy into a new, empty database.");
                return 1;
            }
        }

        await using (var transaction = await postgres.BeginTransactionAsync(cancellationToken))
        {
            foreach (var table in Tables) await CopyAsync(sqlite, postgres, table, cancellationToken);
            // The copied rows carry their counts and ids: the triggers counted the members again, and the identity restarts past the copied ids.
            await postgres.ExecuteAsync("UPDATE servers SET member_count = (SELECT COUNT(*) FROM members m WHERE m.server_id = servers.id)", transaction: transaction);
            await postgres.ExecuteAsync("SELECT setval(pg_get_serial_sequence('joins', 'id'), COALESCE((SELECT MAX(id) FROM joins), 0) + 1, false)", transaction: transaction);
            await transaction.CommitAsync(cancellationToken);
        }

        var mismatches = 0;
        foreach (var table in Tables)
        {
            var expected = await RowsAsync(sqlite, table);
            var copied = await RowsAsync(postgres, table);
            var same = expected == copied;
            if (!same) mismatches++;
            output.WriteLine($"{table,-20} {expected,8} rows in SQLite {copied,8} in PostgreSQL  {(same ? "ok" : "MISMATCH")}");
        }

        if (mismatches > 0)
        {
            error.WriteLine($"{Name}: {mismatches} table(s) differ; do not switch to the PostgreSQL database.");
            return 1;
        }

        output.WriteLine($"copied {source} into PostgreSQL {target.DataSource} at schema version {Migrator.LatestVersion}; row counts verified. " +
                         "Set Database:Provider=postgres and ConnectionStrings:Invites to that database, then start the service.");
        return 0;
    }

    /// <summary>How many rows <paramref name="table"/> (one of <see cref="Tables"/>) holds.</summary>
    private static Task<long> RowsAsync(System.Data.Common.DbConnection connection, string table) =>
        connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");

    /// <summary>Streams one table with PostgreSQL's binary COPY, column by column as the target declares them.</summary>
    private static async Task CopyAsync(SqliteConnection sqlite, NpgsqlConnection postgres, string table, CancellationToken cancellationToken)
    {
        var columns = (await postgres.QueryAsync<(string Name, string Type)>(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @Table ORDER BY ordinal_position",
            new { Table = table })).AsList();
        var list = string.Join(", ", columns.Select(c => c.Name));
        await using var select = new SqliteCommand($"SELECT {list} FROM {table}", sqlite);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await using var importer = await postgres.BeginBinaryImportAsync($"COPY {table} ({list}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < columns.Count; i++)
            {
                if (await reader.IsDBNullAsync(i, cancellationToken))
                {
                    await importer.WriteNullAsync(cancellationToken);
                    continue;
                }

                switch (columns[i].Type)
                {
                    case "bigint": await importer.WriteAsync(reader.GetInt64(i), NpgsqlDbType.Bigint, cancellationToken); break;
                    case "integer": await importer.WriteAsync(checked((int)reader.GetInt64(i)), NpgsqlDbType.Integer, cancellationToken); break;
                    default: await importer.WriteAsync(reader.GetString(i), NpgsqlDbType.Text, cancellationToken); break;
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
