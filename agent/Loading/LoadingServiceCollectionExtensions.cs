using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KernelAgent.Agent.Loading;

internal static class LoadingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IModuleLoader"/> (finit_module), <see cref="IModuleInstaller"/> and
    /// <see cref="IInstalledModuleStore"/>, with <see cref="ModuleLoaderOptions"/> and <see cref="ModuleInstallerOptions"/>.
    /// Bind the options before or after; they are read on first use.
    /// </summary>
    public static IServiceCollection AddModuleLoading(this IServiceCollection services)
    {
        services.AddOptions<ModuleLoaderOptions>();
        services.AddOptions<ModuleInstallerOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IModuleLoader, FinitModuleLoader>();
        services.AddSingleton<IInstalledModuleStore, InstalledModuleStore>();
        services.AddSingleton<IModuleInstaller, ModuleInstaller>();
        return services;
    }
}
