using System.Globalization;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Matrix.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Cli;

/// <summary><c>catalog crawl --cache-headers</c>: keeps the crawled kernels' header packages, printing each download and kernel.</summary>
internal static class CatalogHeaderCaching
{
    /// <returns>0 when every kernel that could be kept was; 1 when some failed (each named).</returns>
    public static async Task<int> RunAsync(IServiceProvider services, KernelCatalog catalog, TextWriter output, CancellationToken cancellationToken)
    {
        var cacheDirectory = services.GetRequiredService<IOptions<HeaderCacheOptions>>().Value.Directory;
        var keeper = new CatalogHeaderKeeper(services.GetServices<IHeaderPackageKeeper>());
        await output.WriteLineAsync($"keeping header packages in {cacheDirectory}");
        var started = new HashSet<string>(StringComparer.Ordinal);
        var result = await keeper.KeepAsync(
            catalog,
            new SynchronousProgress<HeaderFetchProgress>(p =>
            {
                // One line when a download starts and one when it is in the cache; packages already cached are summed per kernel.
                if (!p.FromCache && (p.Completed || started.Add(p.Package.Sha256)))
                {
                    output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  {(p.Completed ? "downloaded" : "downloading")} {p.Package.Name} {p.Package.Version} ({p.Package.Architecture}, {p.Package.Size / 1048576.0:F1} MiB)"));
                }
            }),
            new SynchronousProgress<KeptHeaders>(k => output.WriteLine($"kept {k.Target}: {k.Downloaded} downloaded, {k.AlreadyCached} already cached")),
            cancellationToken);
        foreach (var warning in result.Warnings)
        {
            await output.WriteLineAsync($"warning: {warning}");
        }

        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"headers kept for {result.Kernels} kernels: {result.Downloaded} packages downloaded ({result.BytesDownloaded / 1048576.0:F1} MiB), {result.AlreadyCached} already cached; {result.Failed} failed"));
        return result.Failed == 0 ? 0 : 1;
    }
}
