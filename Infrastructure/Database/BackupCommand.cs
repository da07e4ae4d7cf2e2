using System.CommandLine;
using Microsoft.Data.Sqlite;

namespace InviteService.Infrastructure.Database;

/// <summary>
/// <c>dotnet run -- backup path/to/copy.db</c>: a consistent copy of the live database through SQLite's online backup API,
/// safe while the service runs (readers and writers carry on; the copy is one point in time).
/// </summary>
public static class BackupCommand
{
    public const string Name = "backup";

    public static Command Create(Cli.ProgramCommands.Context context)
    {
        var path = new Argument<string>("path") { Description = "Where to write the copy (a new file; a backup never overwrites)" };
        var command = new Command(Name, "Write a consistent copy of the live database, while the service runs.") { path };
        command.SetAction(parsed => Run(parsed.GetValue(path)!, context.Configuration(parsed), context.Output, context.Error));
        return command;
    }

    private static int Run(string target, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        if (string.Equals(configuration[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}"], DatabaseOptions.Postgres, StringComparison.Ordinal))
        {
            error.WriteLine(PostgresAdvice(configuration.GetConnectionString("Invites"), target));
            return 2;
        }

        var connectionString = configuration.GetConnectionString("Invites");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error.WriteLine("backup: ConnectionStrings:Invites is not set.");
            return 1;
        }

        connectionString = DatabaseOptions.Resolve(
            connectionString, configuration["Database:DataDirectory"], configuration[HostDefaults.ContentRootKey] ?? AppContext.BaseDirectory);
        var source = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        if (!File.Exists(source.DataSource))
        {
            error.WriteLine($"backup: there is no database at {Path.GetFullPath(source.DataSource)}.");
            return 1;
        }

        var full = Path.GetFullPath(target);
        if (File.Exists(full))
        {
            error.WriteLine($"backup: {full} exists; choose a new path (a backup never overwrites).");
            return 2;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = full + ".partial";
        File.Delete(partial);
        using (var from = new SqliteConnection(source.ToString()))
        using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
        {
            from.Open();
            using (var timeout = from.CreateCommand())
            {
                timeout.CommandText = "PRAGMA busy_timeout = 5000;";
                timeout.ExecuteNonQuery();
            }

            to.Open();
            from.BackupDatabase(to);
            using var journal = to.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode = DELETE;"; // a single self-contained file
            journal.ExecuteScalar();
        }

        File.Move(partial, full);
        output.WriteLine($"backed up {Path.GetFullPath(source.DataSource)} to {full} ({new FileInfo(full).Length} bytes)");
        return 0;
    }

    /// <summary>
    /// On PostgreSQL the database server owns consistency and backups: pg_dump takes a consistent snapshot while the
    /// service runs, and pg_restore brings it back. This says so, with the command for this database, rather than pretending.
    /// </summary>
    private static string PostgresAdvice(string? connectionString, string target)
    {
        var host = "HOST";
        var port = "5432";
        var database = "DATABASE";
        var user = "USER";
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            host = builder.Host ?? host;
            port = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            database = builder.Database ?? database;
            user = builder.Username ?? user;
        }
        catch (ArgumentException)
        {
            // not a PostgreSQL connection string: the placeholders stay
        }

        return $"""
            backup: Database:Provider is postgres, and this command only copies SQLite files. Back up PostgreSQL with pg_dump,
            which takes a consistent snapshot while the service runs:
              pg_dump --format=custom --host={host} --port={port} --username={user} --dbname={database} --file={target}
            and restore it into an empty database with:
              pg_restore --host={host} --port={port} --username={user} --dbname=NEW_DATABASE {target}
            (the password comes from PGPASSWORD or ~/.pgpass, never from this command line).
            """;
    }
}
