using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Headers.Rpm;
using KernelAgent.BuildFarm.Headers.Ubuntu;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Matrix.Scheduling;

internal static class PrebuildServiceCollectionExtensions
{
    /// <summary>
    /// Registers the prebuild loop of <c>serve</c> (section <c>Prebuild</c>, validated at start) and the prebuild
    /// pipeline it drives. Needs the farm's own registrations (AddBuildFarm).
    /// </summary>
    public static IServiceCollection AddPrebuildLoop(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPrebuildMatrix(configuration);
        services.AddOptions<PrebuildSchedulerOptions>().Bind(configuration.GetSection(PrebuildSchedulerOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrebuildSchedulerOptions>, PrebuildSchedulerOptionsValidator>());
        services.AddHttpClient(nameof(ArchiveProbe));
        services.TryAddSingleton<IArchiveProbe>(provider => new ArchiveProbe(
            provider.GetRequiredService<IOptions<DebianHeaderSourceOptions>>(),
            provider.GetRequiredService<IOptions<UbuntuHeaderSourceOptions>>(),
            provider.GetRequiredService<IOptions<RpmHeaderSourceOptions>>(),
            provider.GetRequiredService<IOptions<PrebuildSchedulerOptions>>(),
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ArchiveProbe))));
        services.TryAddSingleton<PrebuildMetrics>();
        services.TryAddSingleton<PrebuildTick>();
        services.AddHostedService<PrebuildScheduler>();
        return services;
    }
}
