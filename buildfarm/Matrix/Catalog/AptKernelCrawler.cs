using System.IO.Compression;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Debian;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>
/// Debian (and Ubuntu, when the machine's apt sources are Ubuntu's) from the Packages indexes of the apt sources
/// the Debian header source uses: the same private apt root, so a crawl and a build see the same archive.
/// The build string is read from the flavour package's own headers (<see cref="AptBuildStringReader"/>).
/// </summary>
internal sealed class AptKernelCrawler : IKernelCrawler, IDisposable
{
    // Codenames of releases whose suites declare no Version (backports), as os-release VERSION_ID.
    private static readonly Dictionary<string, string> _debianCodenames = new(StringComparer.Ordinal)
    {
        ["buster"] = "10", ["bullseye"] = "11", ["bookworm"] = "12", ["trixie"] = "13", ["forky"] = "14",
    };

    private readonly DebianHeaderSourceOptions _options;
    private readonly AptArchive _archive;
    private readonly IProcessRunner _runner;
    private readonly AptBuildStringReader _buildStrings;
    private readonly TimeProvider _time;
    private readonly ILogger<AptKernelCrawler> _logger;

    public AptKernelCrawler(
        IOptions<DebianHeaderSourceOptions> options, IOptions<HeaderCacheOptions> cacheOptions, IProcessRunner runner, TimeProvider time, ILogger<AptKernelCrawler> logger)
    {
        _options = options.Value;
        var cache = new HeaderCache(cacheOptions.Value.Directory, logger);
        // The same private root as the Debian header source (DebianHeaderSource): one set of lists for crawls and builds.
        var aptDirectory = _options.AptDirectory ?? Path.Join(cacheOptions.Value.Directory, "apt");
        _archive = new AptArchive(aptDirectory, _options, [.. new[] { _options.HostArchitecture, "amd64", "arm64" }.Distinct()], runner, time, logger);
        _buildStrings = new AptBuildStringReader(_archive, cache, new DebPackageExtractor(runner, _options.ExtractTimeout));
        _runner = runner;
        _time = time;
        _logger = logger;
    }

    public string Family => "debian";

    public bool IsConfigured => true;

    public async Task<CrawlResult> CrawlAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        await _archive.EnsureListsAsync(_options.ListsMaxAge, cancellationToken);
        var targets = await AptIndexTargets.ListAsync(_runner, _archive.ConfigFile, _options.QueryTimeout, cancellationToken);
        var warnings = new List<string>();
        var indexes = new List<(AptIndexTarget Target, string Distro, string Version, IReadOnlyList<DebianControlStanza> Stanzas)>();
        foreach (var target in targets)
        {
            var distro = DistroOf(target.Origin);
            var version = distro is null ? null : VersionIdOf(distro, target, targets);
            var problem = distro is null ? $"origin '{target.Origin}' is not a distribution this farm crawls"
                : version is null ? "no os-release VERSION_ID can be derived from its Release file"
                : !File.Exists(target.File) ? $"not downloaded ({target.File})"
                : Path.GetExtension(target.File) is ".lz4" or ".xz" or ".zst" or ".bz2" or ".lzma" ? $"kept compressed ({target.File}); only plain and gzip lists are read"
                : null;
            if (problem is not null)
            {
                warnings.Add($"{target.Description}: {problem}");
                continue;
            }

            indexes.Add((target, distro!, version!, ReadIndex(target.File)));
        }

        var sources = new List<CatalogSource>();
        var kernels = new List<CatalogKernel>();
        foreach (var release in indexes.GroupBy(i => (i.Distro, i.Version)))
        {
            // Common headers and linux-kbuild come from the build machine's architecture, as the header source takes them.
            var dependencies = DebianFormatKernels.ByName(release.Where(i => i.Target.Architecture == _options.HostArchitecture).SelectMany(i => i.Stanzas));
            foreach (var index in release)
            {
                var found = DebianFormatKernels.Find(index.Stanzas, dependencies, index.Distro, index.Version, index.Target.Description, warnings);
                sources.Add(new CatalogSource(Family, index.Target.Description, index.Distro, index.Version, found.Count));
                kernels.AddRange(found);
            }
        }

        var unique = kernels.DistinctBy(k => (k.Distro, k.DistroVersion, k.Arch, k.Release, k.PackageVersion)).ToList();
        MatrixLog.Crawled(_logger, Family, unique.Count, sources.Count, _time.GetElapsedTime(started).TotalSeconds);
        return new CrawlResult(sources, unique, warnings);
    }

    public Task<BuildStringResolution?> ResolveBuildStringAsync(CatalogKernel kernel, CancellationToken cancellationToken) =>
        _buildStrings.ReadAsync(kernel, cancellationToken);

    public void Dispose() => _archive.Dispose();

    private static string? DistroOf(string origin) =>
        origin.StartsWith("Debian", StringComparison.Ordinal) ? "debian"
        : origin.StartsWith("Ubuntu", StringComparison.Ordinal) ? "ubuntu"
        : null;

    // Debian's VERSION_ID is the major release ("12" while the Release file says "12.15"); Ubuntu's is "22.04".
    private static string? VersionIdOf(string distro, AptIndexTarget target, IReadOnlyList<AptIndexTarget> all)
    {
        if (distro == "ubuntu")
        {
            return target.Version.Length > 0 ? target.Version : null;
        }

        var major = new string([.. target.Version.TakeWhile(char.IsAsciiDigit)]);
        if (major.Length > 0)
        {
            return major;
        }

        var codename = target.Codename.Split('-')[0];
        var sibling = all.FirstOrDefault(t => t.Codename == codename && t.Version.Length > 0 && char.IsAsciiDigit(t.Version[0]));
        return sibling is not null ? new string([.. sibling.Version.TakeWhile(char.IsAsciiDigit)]) : _debianCodenames.GetValueOrDefault(codename);
    }

    private static IReadOnlyList<DebianControlStanza> ReadIndex(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var decompressed = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : (Stream)stream;
            using var reader = new StreamReader(decompressed);
            return [.. DebianFormatKernels.ReadHeaderStanzas(reader)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new HeaderSourceException($"The package index '{file}' cannot be read: {e.Message}", e);
        }
    }
}
