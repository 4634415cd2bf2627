using KernelAgent.BuildFarm.Builds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.ScaleOut;

/// <summary>Registers the scale-out's options always (validated at start), and its replica or worker only when asked.</summary>
internal static class ScaleOutServiceCollectionExtensions
{
    /// <summary>Whether the configuration names a NATS server: then <c>serve</c> is a replica instead of the single box.</summary>
    public static bool NatsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{NatsOptions.Section}:{nameof(NatsOptions.Url)}"]);

    public static IServiceCollection AddNatsOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NatsOptions>().Bind(configuration.GetSection(NatsOptions.Section)).ValidateOnStart();
        services.TryAddSingleton<IValidateOptions<NatsOptions>, NatsOptionsValidator>();
        services.TryAddSingleton<IBuildBus, JetStreamBus>();
        return services;
    }

    /// <summary>The replica's coordinator: claims in the builds bucket, jobs on the work queue, events relayed.</summary>
    public static IServiceCollection AddJetStreamCoordinator(this IServiceCollection services)
    {
        services.TryAddSingleton<JetStreamBuildCoordinator>();
        services.TryAddSingleton<IBuildCoordinator>(sp => sp.GetRequiredService<JetStreamBuildCoordinator>());
        services.AddHostedService(sp => sp.GetRequiredService<JetStreamBuildCoordinator>());
        return services;
    }

    /// <summary>The worker: takes jobs from the work queue and runs the pipeline.</summary>
    public static IServiceCollection AddJetStreamWorker(this IServiceCollection services)
    {
        services.TryAddSingleton<BuildWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<BuildWorker>());
        return services;
    }
}
