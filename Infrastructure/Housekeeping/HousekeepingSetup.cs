namespace InviteService.Infrastructure.Housekeeping;

public static class HousekeepingSetup
{
    /// <summary>The job and its background service; features add their tasks with <see cref="AddHousekeepingTask{TTask}"/>.</summary>
    public static IServiceCollection AddHousekeeping(this IServiceCollection services)
    {
        services.AddOptions<HousekeepingOptions>().BindConfiguration(HousekeepingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HousekeepingJob>();
        services.AddSingleton<HousekeepingService>();
        services.AddHostedService(sp => sp.GetRequiredService<HousekeepingService>());
        return services;
    }

    public static IServiceCollection AddHousekeepingTask<TTask>(this IServiceCollection services) where TTask : class, IHousekeepingTask =>
        services.AddSingleton<IHousekeepingTask, TTask>();
}
