using KernelAgent.BuildFarm.Compilation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KernelAgent.BuildFarm.Headers;

public static class HeadersServiceCollectionExtensions
{
    /// <summary>
    /// Registers every header source (Debian, Ubuntu, RHEL family, Amazon Linux), <see cref="IHeaderSourceSelector"/>
    /// and the <see cref="IHeaderPackageKeeper"/>s (Debian: the families whose packages the farm can download).
    /// Configure <see cref="HeaderCacheOptions"/>, <see cref="DebianHeaderSourceOptions"/>, <see cref="UbuntuHeaderSourceOptions"/>
    /// and <see cref="RpmHeaderSourceOptions"/> through the options pattern.
    /// </summary>
    public static IServiceCollection AddKernelHeaderSources(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProcessRunner, ProcessRunner>();
        services.AddHttpClient(nameof(HeadersServiceCollectionExtensions));
        services.TryAddSingleton<DebianHeaderSource>();
        services.AddSingleton<IHeaderSource>(provider => provider.GetRequiredService<DebianHeaderSource>());
        services.AddSingleton<IHeaderPackageKeeper>(provider => provider.GetRequiredService<DebianHeaderSource>());
        services.AddSingleton<IHeaderSource>(provider => ActivatorUtilities.CreateInstance<UbuntuHeaderSource>(provider, RepositoryHttpClient(provider)));
        services.AddSingleton<IHeaderSource>(provider => ActivatorUtilities.CreateInstance<RhelHeaderSource>(provider, RepositoryHttpClient(provider)));
        services.AddSingleton<IHeaderSource>(provider => ActivatorUtilities.CreateInstance<AmazonLinuxHeaderSource>(provider, RepositoryHttpClient(provider)));
        services.AddSingleton<IHeaderSourceSelector, HeaderSourceSelector>();
        return services;
    }

    // Each source keeps its client for the farm's lifetime; timeouts are per read (RepositoryClient), not the client's.
    private static HttpClient RepositoryHttpClient(IServiceProvider provider) =>
        provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(HeadersServiceCollectionExtensions));
}
