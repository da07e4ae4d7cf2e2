using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace InviteService.Infrastructure.Database;

public sealed class DatabaseHealthCheck(Db db) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var version = await db.ReadAsync(c => c.ExecuteScalarAsync<int>("PRAGMA user_version;"));
            return version == Migrator.LatestVersion
                ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
                : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy($"schema version {version}");
        }
        catch (SqliteException ex)
        {
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }
}
