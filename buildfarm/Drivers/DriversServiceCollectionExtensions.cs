using Microsoft.Extensions.DependencyInjection;

namespace KernelAgent.BuildFarm.Drivers;

public static class DriversServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IDriverRegistry"/>; configure <see cref="DriverRegistryOptions"/>.</summary>
    public static IServiceCollection AddDriverRegistry(this IServiceCollection services) =>
        services.AddSingleton<IDriverRegistry, DriverRegistry>();
}
