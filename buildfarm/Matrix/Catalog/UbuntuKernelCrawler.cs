using System.Text;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Headers.Repositories;
using KernelAgent.BuildFarm.Headers.Ubuntu;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>
/// Ubuntu from the archive the Ubuntu header source is configured with (<see cref="UbuntuHeaderSourceOptions"/>):
/// dists/&lt;codename&gt;[-pocket]/&lt;component&gt;/binary-&lt;arch&gt;/Packages[.gz] for every configured release.
/// The build string ("#101-Ubuntu SMP &lt;date&gt;") is in no index: it is read from the flavour headers package,
/// downloaded from the pool into the headers cache (<see cref="RepositoryBuildStringReader"/>).
/// </summary>
internal sealed class UbuntuKernelCrawler(
    IOptions<UbuntuHeaderSourceOptions> options,
    IOptions<HeaderCacheOptions> cacheOptions,
    HttpClient httpClient,
    IProcessRunner runner,
    TimeProvider time,
    ILogger<UbuntuKernelCrawler> logger) : IKernelCrawler
{
    private readonly UbuntuHeaderSourceOptions _options = options.Value;
    private readonly RepositoryClient _repository = new(httpClient, options.Value.IndexTimeout);

    private readonly RepositoryBuildStringReader _buildStrings = new(
        cacheOptions.Value.Directory, httpClient, options.Value.DownloadTimeout, "the Ubuntu archive", runner, options.Value.ExtractTimeout, time, logger);

    public string Family => "ubuntu";

    public bool IsConfigured => _options.ArchiveUri is not null || _options.PortsArchiveUri is not null;

    public async Task<CrawlResult> CrawlAsync(CancellationToken cancellationToken)
    {
        var sources = new List<CatalogSource>();
        var kernels = new List<CatalogKernel>();
        var warnings = new List<string>();
        foreach (var (versionId, codename) in _options.Codenames.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            foreach (var (architecture, archive) in (IEnumerable<(string, Uri?)>)[("amd64", _options.ArchiveUri), ("arm64", _options.PortsArchiveUri)])
            {
                if (archive is null)
                {
                    continue;
                }

                var root = archive.AbsoluteUri.EndsWith('/') ? archive : new Uri(archive.AbsoluteUri + "/");
                var indexes = new List<(string Location, IReadOnlyList<DebianControlStanza> Stanzas)>();
                foreach (var suite in _options.Pockets.Select(p => codename + p))
                {
                    foreach (var component in _options.Components)
                    {
                        var folder = new Uri(root, $"dists/{suite}/{component}/binary-{architecture}/");
                        if (await ReadAsync(folder, cancellationToken) is { } stanzas)
                        {
                            Remember(root, stanzas);
                            indexes.Add(($"{folder}Packages", stanzas));
                        }
                    }
                }

                // The Ubuntu header source chooses the set from the same architecture's indexes; so does the catalog.
                var dependencies = DebianFormatKernels.ByName(indexes.SelectMany(i => i.Stanzas));
                foreach (var (location, stanzas) in indexes)
                {
                    var found = DebianFormatKernels.Find(stanzas, dependencies, "ubuntu", versionId, location, warnings);
                    sources.Add(new CatalogSource(Family, location, "ubuntu", versionId, found.Count));
                    kernels.AddRange(found);
                }
            }
        }

        return new CrawlResult(sources, [.. kernels.DistinctBy(k => (k.DistroVersion, k.Arch, k.Release, k.PackageVersion))], warnings);
    }

    public Task<BuildStringResolution?> ResolveBuildStringAsync(CatalogKernel kernel, CancellationToken cancellationToken) =>
        _buildStrings.ReadAsync(kernel, cancellationToken);

    private void Remember(Uri archive, IReadOnlyList<DebianControlStanza> stanzas)
    {
        foreach (var stanza in stanzas)
        {
            if (stanza["Filename"] is { } filename && CatalogPackage.Sha256Of(stanza["SHA256"]) is { } sha256)
            {
                _buildStrings.Remember(sha256, new Uri(archive, filename));
            }
        }
    }

    private async Task<IReadOnlyList<DebianControlStanza>?> ReadAsync(Uri folder, CancellationToken cancellationToken)
    {
        var index = await _repository.ReadAsync(new Uri(folder, "Packages.gz"), cancellationToken)
            ?? await _repository.ReadAsync(new Uri(folder, "Packages"), cancellationToken);
        if (index is null)
        {
            return null;
        }

        using var reader = new StreamReader(new MemoryStream(index), Encoding.UTF8);
        return [.. DebianFormatKernels.ReadHeaderStanzas(reader)];
    }
}
