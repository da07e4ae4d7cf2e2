using System.CommandLine;
using InviteService.Infrastructure.Database;
using InviteService.Infrastructure.Database.Postgres;
using InviteService.Infrastructure.Database.Sqlite;
using InviteService.Infrastructure.Hosting;
using Microsoft.Extensions.Options;

namespace InviteService.App.Commands;

/// <summary>
/// <c>dotnet run -- backup path/to/copy.db</c>: a consistent copy of the live SQLite database (<see cref="SqliteBackup"/>),
/// safe while the service runs. On PostgreSQL it prints the pg_dump and pg_restore commands for the configured database.
/// </summary>
public static class BackupCommand
{
    public const string Name = "backup";

    public static Command Create(ProgramCommands.Context context)
    {
        var path = new Argument<string>("path") { Description = "Where to write the copy (a new file; a backup never overwrites)" };
        var command = new Command(Name, "Write a consistent copy of the live database, while the service runs.") { path };
        command.SetAction(parsed =>
        {
            var target = parsed.GetValue(path)!;
            using var host = context.Host(parsed);
            var db = host.Services.GetRequiredService<Db>(); // a setting the service would refuse is one line (ProgramCommands)

            if (db is PostgresDb)
            {
                return context.Fail(Name, PostgresDb.BackupAdvice(host.Configuration.GetConnectionString(Store.ConnectionStringName), target), exitCode: 2);
            }

            try
            {
                var copy = SqliteBackup.Copy(db.DataSource, target);
                context.Output.WriteLine($"backed up {Path.GetFullPath(db.DataSource)} to {copy} ({new FileInfo(copy).Length} bytes)");
                return 0;
            }
            catch (SqliteBackup.RefusedException ex)
            {
                return context.Fail(Name, ex.Message, ex.WrongTarget ? 2 : 1);
            }
        });
        return command;
    }
}
