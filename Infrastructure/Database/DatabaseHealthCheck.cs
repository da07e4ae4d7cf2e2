using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InviteService.Infrastructure.Database;

/// <summary>Ready when the database answers and is at this build's schema version; reports the store and where it is.</summary>
public sealed class DatabaseHealthCheck(Db db) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["provider"] = db.Provider };
        try
        {
            var version = await Migrator.VersionAsync(db);
            data["schema_version"] = version;
            return version == Migrator.LatestVersion
                ? HealthCheckResult.Healthy($"{db.Provider} at schema version {version}", data)
                : HealthCheckResult.Unhealthy($"{db.Provider} at schema version {version}, expected {Migrator.LatestVersion}", data: data);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or StoreUnavailableException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"{db.Provider} unreachable", ex, data);
        }
    }
}
