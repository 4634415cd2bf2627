using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Identity;

internal static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HostRoot"/> (from <see cref="HostRootOptions"/>), <see cref="IKernelIdentityProbe"/>
    /// and <see cref="IInstalledKernelScanner"/>. Bind the options before or after; they are read on first use.
    /// </summary>
    public static IServiceCollection AddHostIdentity(this IServiceCollection services)
    {
        services.AddOptions<HostRootOptions>();
        services.AddOptions<KernelIdentityProbeOptions>();
        services.AddSingleton(provider => new HostRoot(provider.GetRequiredService<IOptions<HostRootOptions>>().Value.Path));
        services.AddSingleton<IKernelIdentityProbe, KernelIdentityProbe>();
        services.AddSingleton<IInstalledKernelScanner, InstalledKernelScanner>();
        return services;
    }
}
