using System.CommandLine;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Database.Postgres;

namespace InviteService.App.Commands;

/// <summary>
/// <c>dotnet run -- migrate-to-postgres --from invites.db --to "Host=…;Database=…"</c>: copies a SQLite database made by this
/// version into an empty PostgreSQL database (<see cref="SqliteImport"/>) and prints every table's row count on both sides.
/// Stop the service first: the copy is of the file as it is then.
/// </summary>
public static class MigrateToPostgresCommand
{
    public const string Name = "migrate-to-postgres";

    public static Command Create(ProgramCommands.Context context)
    {
        var from = new Option<string>("--from") { Description = "The SQLite database file to copy (stop the service first)", Required = true };
        var to = new Option<string>("--to") { Description = "The PostgreSQL connection string of an empty database", Required = true };
        var command = new Command(Name, "Copy a SQLite database into an empty PostgreSQL database and verify the row counts.") { from, to };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            await using var host = context.Host(parsed);
            using var target = new PostgresDb(parsed.GetValue(to)!, new DatabaseOptions { Provider = DatabaseOptions.Postgres },
                host.Services.GetRequiredService<ILogger<PostgresDb>>());
            IReadOnlyList<SqliteImport.TableCount> counts;
            try
            {
                counts = await SqliteImport.CopyAsync(parsed.GetValue(from)!, target, cancellationToken);
            }
            catch (SqliteImport.RefusedException ex)
            {
                return context.Fail(Name, ex.Message);
            }

            foreach (var (table, inSqlite, inPostgres) in counts.Select(c => (c.Table, c.InSqlite, c.InPostgres)))
            {
                context.Output.WriteLine($"{table,-20} {inSqlite,8} rows in SQLite {inPostgres,8} in PostgreSQL  {(inSqlite == inPostgres ? "ok" : "MISMATCH")}");
            }

            var mismatches = counts.Count(c => !c.Matches);
            if (mismatches > 0) return context.Fail(Name, $"{mismatches} table(s) differ; do not switch to the PostgreSQL database.");
            context.Output.WriteLine($"copied {Path.GetFullPath(parsed.GetValue(from)!)} into PostgreSQL {target.DataSource} at schema version {Migrator.LatestVersion}; row counts verified. " +
                                     "Set Database:Provider=postgres and ConnectionStrings:Invites to that database, then start the service.");
            return 0;
        });
        return command;
    }
}
