using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Matrix.Apply;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Demand;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KernelAgent.BuildFarm.Matrix;

internal static class MatrixServiceCollectionExtensions
{
    /// <summary>
    /// Registers the prebuild pipeline: crawlers and <see cref="ICatalogCrawler"/>, <see cref="IMatrixPlanner"/>,
    /// <see cref="ISnapshotStore"/>, <see cref="IMatrixApplier"/> and <see cref="MatrixSession"/>, with the demand reader
    /// the hot set uses. Needs the farm's own registrations (AddBuildFarm); the serving farm does not register these.
    /// </summary>
    public static IServiceCollection AddPrebuildMatrix(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(ICatalogCrawler)))
        {
            return services;
        }

        services.AddOptions<RpmKernelCrawlerOptions>().Bind(configuration.GetSection("Matrix:Rpm"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProcessRunner, ProcessRunner>();
        services.AddHttpClient(nameof(MatrixServiceCollectionExtensions));
        services.AddSingleton<IKernelCrawler, AptKernelCrawler>();
        services.AddSingleton<IKernelCrawler>(provider => ActivatorUtilities.CreateInstance<UbuntuKernelCrawler>(provider, CrawlerHttpClient(provider)));
        services.AddSingleton<IKernelCrawler>(provider => ActivatorUtilities.CreateInstance<RpmKernelCrawler>(provider, CrawlerHttpClient(provider)));
        services.TryAddSingleton<ICatalogCrawler, CatalogCrawler>();
        services.TryAddSingleton<IToolchainIdentity, CompilerToolchainIdentity>();
        services.TryAddSingleton<IMatrixPlanner, MatrixPlanner>();
        services.TryAddSingleton<ISnapshotStore, SnapshotStore>();
        services.TryAddSingleton<IMatrixApplier, MatrixApplier>();
        services.TryAddSingleton<MatrixSession>();
        services.AddDemandRecording(configuration);
        return services;
    }

    // Read timeouts are per request (RepositoryClient), not the client's.
    private static HttpClient CrawlerHttpClient(IServiceProvider provider) =>
        provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(MatrixServiceCollectionExtensions));
}
