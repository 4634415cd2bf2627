using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KernelAgent.BuildFarm.Demand;

internal static class DemandServiceCollectionExtensions
{
    /// <summary>
    /// Registers what ReportDemand needs (the intake, and the recorder: a hosted service that flushes reported demand
    /// to the store) and the reader the planner's hot set uses. Needs the farm's store (AddBuildFarm).
    /// </summary>
    public static IServiceCollection AddDemandRecording(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(DemandRecorder)))
        {
            return services;
        }

        services.AddOptions<DemandOptions>().Bind(configuration.GetSection(DemandOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDemandReader, DemandReader>();
        services.TryAddSingleton<DemandRecorder>();
        services.TryAddSingleton<IDemandRecorder>(provider => provider.GetRequiredService<DemandRecorder>());
        services.TryAddSingleton<DemandIntake>();
        services.AddHostedService(provider => provider.GetRequiredService<DemandRecorder>());
        return services;
    }
}
