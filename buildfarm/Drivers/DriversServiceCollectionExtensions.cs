using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KernelAgent.BuildFarm.Drivers;

internal static class DriversServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IDriverRegistry"/> and <see cref="IBuildDependencyCheck"/>; configure <see cref="DriverRegistryOptions"/>.</summary>
    public static IServiceCollection AddDriverRegistry(this IServiceCollection services)
    {
        services.AddSingleton<IDriverRegistry, DriverRegistry>();
        services.TryAddSingleton<IBuildDependencyCheck, DpkgBuildDependencyCheck>();
        return services;
    }
}
