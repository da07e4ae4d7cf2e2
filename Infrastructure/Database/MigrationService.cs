namespace InviteService.Infrastructure.Database;

/// <summary>Creates and migrates the database when the host starts, after options validation and before serving.</summary>
public sealed class MigrationService(Migrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        migrator.Migrate();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
