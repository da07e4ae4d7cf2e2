namespace InviteService.Infrastructure.Database;

public static class DatabaseSetup
{
    /// <summary>The configured store and its metrics, its migrator (run at start-up, before serving) and the readiness check.</summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DbMetrics>();
        services.AddSingleton(Store.Create);
        services.AddSingleton<Migrator>();
        services.AddHostedService<MigrationService>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: ["ready"]);
        return services;
    }
}
