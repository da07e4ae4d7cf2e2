using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace InviteService.Infrastructure.Database.Postgres;

/// <summary>
/// Copies a SQLite database made by this version into an empty PostgreSQL database (migrated to the same schema version
/// first), in one transaction, with PostgreSQL's binary COPY, and recounts every table on both sides. The service should be
/// stopped: the copy is of the file as it is then.
/// </summary>
public static class SqliteImport
{
    /// <summary>
    /// Every table, parents before children, so each row's references already exist when it arrives; all but
    /// <c>processes</c>, the heartbeats of the processes serving the SQLite file: transient, and written anew by each process
    /// that serves the new database.
    /// </summary>
    public static readonly string[] Tables =
        ["users", "servers", "channels", "members", "bans", "invites", "invite_allowed_users", "join_requests", "joins", "webhooks", "webhook_events", "webhook_deliveries"];

    /// <summary>Why nothing was copied.</summary>
    public sealed class RefusedException(string message) : Exception(message);

    /// <summary>One table's rows, counted in both databases after the copy.</summary>
    public sealed record TableCount(string Table, long InSqlite, long InPostgres)
    {
        public bool Matches => InSqlite == InPostgres;
    }

    public static async Task<IReadOnlyList<TableCount>> CopyAsync(string sqlitePath, PostgresDb target, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(sqlitePath);
        if (!File.Exists(source)) throw new RefusedException($"there is no database at {source}.");

        await using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await sqlite.OpenAsync(cancellationToken);
        var version = await sqlite.ExecuteScalarAsync<int>(Sqlite.SqliteDb.VersionSql);
        if (version != Migrator.LatestVersion)
        {
            throw new RefusedException($"{source} is at schema version {version}, and this build copies version {Migrator.LatestVersion}. " +
                                       "Start this version of the service on it once (it upgrades the file), stop it, then copy.");
        }

        try
        {
            new Migrator(target, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).Migrate();
        }
        catch (Hosting.StartupException ex)
        {
            throw new RefusedException(ex.Message);
        }

        await using var postgres = (NpgsqlConnection)target.Open();
        foreach (var table in Tables)
        {
            if (await RowsAsync(postgres, table) > 0)
            {
                throw new RefusedException($"the PostgreSQL database is not empty ({table} has rows); copy into a new, empty database.");
            }
        }

        await using (var transaction = await postgres.BeginTransactionAsync(cancellationToken))
        {
            foreach (var table in Tables) await CopyTableAsync(sqlite, postgres, table, cancellationToken);
            // The copied rows carry their counts and ids: the triggers counted the members again, and the identity restarts past the copied ids.
            await postgres.ExecuteAsync("UPDATE servers SET member_count = (SELECT COUNT(*) FROM members m WHERE m.server_id = servers.id)", transaction: transaction);
            await postgres.ExecuteAsync("SELECT setval(pg_get_serial_sequence('joins', 'id'), COALESCE((SELECT MAX(id) FROM joins), 0) + 1, false)", transaction: transaction);
            // Webhook event ids go on from where SQLite's count stopped, so they keep sorting after the copied ones.
            var events = await sqlite.ExecuteScalarAsync<long>("SELECT value FROM webhook_event_counter WHERE id = 1");
            if (events > 0) await postgres.ExecuteAsync("SELECT setval('webhook_event_number', @Events, true)", new { Events = events }, transaction);
            await transaction.CommitAsync(cancellationToken);
        }

        var counts = new List<TableCount>();
        foreach (var table in Tables) counts.Add(new TableCount(table, await RowsAsync(sqlite, table), await RowsAsync(postgres, table)));
        return counts;
    }

    /// <summary>A key value as a message can show it on one line: quoted, with control characters as <c>\uXXXX</c>.</summary>
    private static string Printable(object value) =>
        value is string text
            ? "\"" + string.Concat(text.Select(c => char.IsControl(c) || c == '"' ? $"\\u{(int)c:X4}" : c.ToString())) + "\""
            : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static class Sql
    {
        /// <summary>The primary key's columns of @Table in the current schema, in key order.</summary>
        public const string PrimaryKey = """
            SELECT a.attname
            FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = to_regclass(@Table) AND i.indisprimary
            ORDER BY array_position(i.indkey::SMALLINT[], a.attnum)
            """;
    }

    /// <summary>How many rows <paramref name="table"/> (one of <see cref="Tables"/>) holds.</summary>
    private static Task<long> RowsAsync(System.Data.Common.DbConnection connection, string table) =>
        connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");

    /// <summary>Streams one table with PostgreSQL's binary COPY, column by column as the target declares them.</summary>
    private static async Task CopyTableAsync(SqliteConnection sqlite, NpgsqlConnection postgres, string table, CancellationToken cancellationToken)
    {
        var columns = (await postgres.QueryAsync<(string Name, string Type)>(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @Table ORDER BY ordinal_position",
            new { Table = table })).AsList();
        var list = string.Join(", ", columns.Select(c => c.Name));
        var key = (await postgres.QueryAsync<string>(Sql.PrimaryKey, new { Table = table })).Select(name => columns.FindIndex(c => c.Name == name)).ToArray();
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
                    default:
                        var text = reader.GetString(i);
                        if (text.Contains('\0'))
                        {
                            // Thrown inside the COPY and the transaction: disposing them cancels the COPY and rolls everything back.
                            var row = string.Join(", ", key.Select(k => $"{columns[k].Name} {Printable(reader.GetValue(k))}"));
                            throw new RefusedException(
                                $"{table} row {row}: {columns[i].Name} holds a NUL character (U+0000), which PostgreSQL text cannot hold; nothing was copied. " +
                                "Remove the character from that row in the SQLite file (with the service stopped), then copy again.");
                        }

                        await importer.WriteAsync(text, NpgsqlDbType.Text, cancellationToken);
                        break;
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
