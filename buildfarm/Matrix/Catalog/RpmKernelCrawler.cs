using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Repositories;
using KernelAgent.BuildFarm.Headers.Rpm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>
/// RHEL-family and Amazon Linux kernels from the repositories the RPM header sources are configured with
/// (repodata/primary.xml): one kernel per -devel package, <c>uname -r</c> = version-release.arch (plus "+rt" /
/// "+64k" for RHEL 9's variant kernels). RPM metadata does not carry <c>uname -v</c>: it is read from the -devel
/// package itself, downloaded into the headers cache (<see cref="RepositoryBuildStringReader"/>).
/// </summary>
internal sealed class RpmKernelCrawler(
    IOptions<RpmHeaderSourceOptions> options,
    IOptions<RpmKernelCrawlerOptions> crawlerOptions,
    IOptions<HeaderCacheOptions> cacheOptions,
    HttpClient httpClient,
    IProcessRunner runner,
    TimeProvider time,
    ILogger<RpmKernelCrawler> logger) : IKernelCrawler
{
    private static readonly string[] _rhelPackages = ["kernel-devel", "kernel-rt-devel", "kernel-64k-devel"];

    private readonly RpmHeaderSourceOptions _options = options.Value;
    private readonly RpmRepositoryIndex _index = new(new RepositoryClient(httpClient, options.Value.IndexTimeout));

    private readonly RepositoryBuildStringReader _buildStrings = new(
        cacheOptions.Value.Directory, httpClient, options.Value.PackageTimeout, "the RPM repository", runner, options.Value.ExtractTimeout, time, logger,
        target => RpmTrust.For(options.Value, target));

    public string Family => "rpm";

    public bool IsConfigured => _options.Repositories.Any(r => r.BaseUri is not null);

    public async Task<CrawlResult> CrawlAsync(CancellationToken cancellationToken)
    {
        var sources = new List<CatalogSource>();
        var kernels = new List<CatalogKernel>();
        var warnings = new List<string>();
        foreach (var repository in _options.Repositories.Where(r => r.BaseUri is not null))
        {
            var baseUri = repository.BaseUri!.AbsoluteUri.EndsWith('/') ? repository.BaseUri : new Uri(repository.BaseUri.AbsoluteUri + "/");
            string[] names = repository.DistroId == "amzn"
                ? ["kernel-devel", .. crawlerOptions.Value.AmazonKernelSeries.Select(s => $"kernel{s}-devel")]
                : _rhelPackages;
            var entries = await _index.FindAsync(baseUri, names.ToHashSet(StringComparer.Ordinal), cancellationToken);
            var found = new List<CatalogKernel>();
            foreach (var entry in entries.Where(e => e.Architecture == repository.Architecture))
            {
                if (entry.ChecksumType != "sha256" || CatalogPackage.Sha256Of(entry.Checksum) is not { } sha256)
                {
                    warnings.Add($"{entry.Name} {entry.FullVersion} in {baseUri} left out: it has no sha256 checksum");
                    continue;
                }

                var flavour = entry.Name switch
                {
                    "kernel-rt-devel" => "rt",
                    "kernel-64k-devel" => "64k",
                    _ => entry.Release.Contains(".rt", StringComparison.Ordinal) ? "rt" : "default",
                };
                // RHEL 9 marks variant kernels with "+variant" in uname -r; RHEL 8's real-time kernel carries ".rt" in its release instead.
                var suffix = entry.Name is "kernel-rt-devel" or "kernel-64k-devel" && !entry.Release.Contains(".rt", StringComparison.Ordinal) ? "+" + flavour : "";
                _buildStrings.Remember(sha256, new Uri(baseUri, entry.LocationHref));
                found.Add(new CatalogKernel
                {
                    Distro = repository.DistroId,
                    DistroVersion = repository.VersionId,
                    Arch = entry.Architecture,
                    Release = $"{entry.Version}-{entry.Release}.{entry.Architecture}{suffix}",
                    Flavour = flavour,
                    Series = KernelMachines.SeriesOf(entry.Version),
                    Abi = $"{entry.Version}-{entry.Release}",
                    PackageVersion = entry.FullVersion,
                    Origin = baseUri.ToString(),
                    HeaderPackages = [new CatalogPackage(entry.Name, entry.FullVersion, entry.Architecture, sha256, entry.Size)],
                });
            }

            sources.Add(new CatalogSource(Family, new Uri(baseUri, "repodata/repomd.xml").ToString(), repository.DistroId, repository.VersionId, found.Count));
            kernels.AddRange(found);
        }

        return new CrawlResult(sources, [.. kernels.DistinctBy(k => (k.Distro, k.DistroVersion, k.Arch, k.Release))], warnings);
    }

    public Task<BuildStringResolution?> ResolveBuildStringAsync(CatalogKernel kernel, CancellationToken cancellationToken) =>
        _buildStrings.ReadAsync(kernel, cancellationToken);
}
