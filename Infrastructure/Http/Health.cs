using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InviteService.Infrastructure.Http;

/// <summary>
/// Liveness (the process answers) and readiness (the database answers), anonymous, as plain text <c>Healthy</c> or
/// <c>Unhealthy</c> (503): the framework's health checks behind two documented endpoints. Readiness adds a second line
/// naming the store and its schema version (never where it is: the endpoint is anonymous).
/// </summary>
public static class Health
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        health.MapGet("/live", () => TypedResults.Text("Healthy"))
            .WithName("Live").WithSummary("The process is up").Produces<string>(200, "text/plain");
        health.MapGet("/ready", Ready)
            .WithName("Ready").WithSummary("The database answers").Produces<string>(200, "text/plain").Produces<string>(503, "text/plain");
        return app;
    }

    private static async Task<IResult> Ready(HealthCheckService checks, CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(c => c.Tags.Contains("ready"), cancellationToken);
        var database = report.Entries.TryGetValue(Database.DatabaseHealthCheck.Name, out var entry) ? $"\ndatabase: {entry.Description}" : "";
        return report.Status == HealthStatus.Healthy
            ? TypedResults.Text("Healthy" + database)
            : TypedResults.Text("Unhealthy" + database, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
