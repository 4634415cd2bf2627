using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Headers.Rpm;
using KernelAgent.BuildFarm.Headers.Ubuntu;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KernelAgent.BuildFarm.Headers;

internal static class HeadersServiceCollectionExtensions
{
    /// <summary>
    /// Registers every header source (Debian, Ubuntu, RHEL family, Amazon Linux), <see cref="IHeaderSourceSelector"/>
    /// and the <see cref="IHeaderPackageKeeper"/>s (every source: each keeps its family's packages for catalog crawl --cache-headers).
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
        AddRepositorySource<UbuntuHeaderSource>(services);
        AddRepositorySource<RhelHeaderSource>(services);
        AddRepositorySource<AmazonLinuxHeaderSource>(services);
        services.AddSingleton<IHeaderSourceSelector, HeaderSourceSelector>();
        return services;
    }

    /// <summary>The serving farm keeps the Debian package lists fresh in the background (Headers:Debian:RefreshInterval).</summary>
    public static IServiceCollection AddDebianListsRefresher(this IServiceCollection services) =>
        services.AddHostedService<AptListsRefresher>();

    // One instance per source serves both builds (IHeaderSource) and catalog crawl --cache-headers (IHeaderPackageKeeper).
    private static void AddRepositorySource<TSource>(IServiceCollection services)
        where TSource : class, IHeaderSource, IHeaderPackageKeeper
    {
        services.TryAddSingleton(provider => ActivatorUtilities.CreateInstance<TSource>(provider, RepositoryHttpClient(provider)));
        services.AddSingleton<IHeaderSource>(provider => provider.GetRequiredService<TSource>());
        services.AddSingleton<IHeaderPackageKeeper>(provider => provider.GetRequiredService<TSource>());
    }

    // Each source keeps its client for the farm's lifetime; timeouts are per read (RepositoryClient), not the client's.
    private static HttpClient RepositoryHttpClient(IServiceProvider provider) =>
        provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(HeadersServiceCollectionExtensions));
}
