using System.Collections.Concurrent;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Headers.Repositories;
using KernelAgent.BuildFarm.Headers.Roots;
using KernelAgent.BuildFarm.Headers.Rpm;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>
/// Reads the exact <c>uname -v</c> of Ubuntu and RPM-family kernels from the header package the catalog records
/// for them (the flavour <c>linux-headers</c> .deb; the <c>kernel-devel</c> .rpm), as <see cref="AptBuildStringReader"/>
/// does for Debian: the package is downloaded from the location its index gave into the digest-keyed headers cache
/// (sha256-checked, so builds find it there later), extracted into a scratch folder, and UTS_VERSION is read from
/// <c>include/generated/utsversion.h</c> (Linux 5.19 and later) or <c>compile.h</c> of its build tree.
/// </summary>
internal sealed class RepositoryBuildStringReader
{
    private readonly HeaderCache _cache;
    private readonly BuildStringMemo _memo;
    private readonly RepositoryPackageDownloads _downloads;
    private readonly string _repositoryName;
    private readonly IProcessRunner _runner;
    private readonly TimeSpan _extractTimeout;

    // Where the repository serves each package the crawl saw, by digest: the catalog records packages without their address.
    private readonly ConcurrentDictionary<string, Uri> _locations = new();
    private readonly Func<KernelTarget, RpmTrust> _rpmTrust;

    /// <param name="cacheDirectory">The headers cache (<see cref="HeaderCacheOptions.Directory"/>).</param>
    /// <param name="httpClient">Reads the repository.</param>
    /// <param name="downloadTimeout">Bounds each package download.</param>
    /// <param name="repositoryName">Names the repository in errors, e.g. "the Ubuntu archive".</param>
    /// <param name="runner">Runs dpkg-deb, rpm2archive and tar.</param>
    /// <param name="extractTimeout">Bounds each extraction step.</param>
    /// <param name="time">Times the downloads.</param>
    /// <param name="logger">Logs the downloads.</param>
    /// <param name="rpmTrust">The keys an RPM kernel's packages must be signed by; none given, every RPM package is refused.</param>
    public RepositoryBuildStringReader(
        string cacheDirectory, HttpClient httpClient, TimeSpan downloadTimeout, string repositoryName, IProcessRunner runner, TimeSpan extractTimeout, TimeProvider time, ILogger logger,
        Func<KernelTarget, RpmTrust>? rpmTrust = null)
    {
        _rpmTrust = rpmTrust ?? (t => new RpmTrust(repositoryName, [], AllowUnsigned: false));
        _cache = new HeaderCache(cacheDirectory, logger);
        _memo = new BuildStringMemo(_cache);
        _downloads = new RepositoryPackageDownloads(_cache, new RepositoryClient(httpClient, downloadTimeout), time, logger);
        _repositoryName = repositoryName;
        _runner = runner;
        _extractTimeout = extractTimeout;
    }

    /// <summary>Notes where a package of the crawled index is served, for a later <see cref="ReadAsync"/>.</summary>
    public void Remember(string package, Uri location) => _locations[package] = location;

    /// <param name="kernel">A kernel an Ubuntu or RPM crawl found; its first header package is read.</param>
    /// <param name="cancellationToken">Cancels the download and extraction.</param>
    /// <exception cref="HeaderSourceException">
    /// The package could not be fetched, its bytes are not the digest its index names, its tree has no UTS_VERSION,
    /// or the string does not fit the package.
    /// </exception>
    public async Task<BuildStringResolution?> ReadAsync(CatalogKernel kernel, CancellationToken cancellationToken)
    {
        if (kernel.HeaderPackages.Count == 0)
        {
            return null;
        }

        var recorded = kernel.HeaderPackages[0];
        if (_memo.TryRead(recorded.Sha256) is { } remembered)
        {
            return remembered;
        }

        var package = new HeaderPackage(recorded.Name, recorded.Version, recorded.Architecture, recorded.Sha256, recorded.Size,
            _locations.GetValueOrDefault(recorded.Sha256) ?? throw new HeaderSourceException($"{recorded.Name} {recorded.Version} was not in the indexes this crawl read, so it has no location to download it from."));
        var target = new KernelTarget(kernel.Distro, kernel.DistroVersion, kernel.Arch, kernel.Release, $"(package version {kernel.PackageVersion})");
        var (files, _, _) = await _downloads.CacheAsync(new HeaderPackageSet(target, [package]), _repositoryName, null, cancellationToken);
        var work = _cache.NewWorkDirectory();
        try
        {
            var root = Path.Join(work, "root");
            var isDeb = kernel.Distro == "ubuntu";
            if (isDeb)
            {
                await new DebPackageExtractor(_runner, _extractTimeout).ExtractAsync(files, root, package.Sha256, [], cancellationToken);
            }
            else
            {
                var scratch = Path.Join(work, "scratch");
                Directory.CreateDirectory(scratch);
                await new RpmPackageExtractor(_runner, _extractTimeout, _rpmTrust(target)).ExtractAsync([(package, files[0])], root, package.Sha256, scratch, cancellationToken);
            }

            var tree = isDeb ? $"usr/src/linux-headers-{kernel.Release}" : $"usr/src/kernels/{kernel.Release}";
            var (buildString, header) = GeneratedHeaders.ReadUtsVersion(Path.Join(root, tree, "include", "generated"))
                ?? throw new HeaderSourceException(
                    $"{package.Name} {package.Version} ships neither /{tree}/include/generated/utsversion.h nor compile.h with a UTS_VERSION; " +
                    "its build string stays unknown until a host running it reports the string.");
            Check(kernel, buildString, package);
            var resolution = new BuildStringResolution(buildString, $"include/generated/{header} of {package.Name} {package.Version}");
            _memo.Write(recorded.Sha256, resolution);
            return resolution;
        }
        finally
        {
            ReadOnlyTree.Delete(work);
        }
    }

    // Ubuntu's string names its upload, which must be the package's; RPM kernels' strings name no version, so the
    // check is only that it is a build string a host could report.
    private static void Check(CatalogKernel kernel, string buildString, HeaderPackage package)
    {
        if (kernel.Distro == "ubuntu")
        {
            AptBuildStringReader.Check(kernel, buildString, package);
            return;
        }

        if (!buildString.StartsWith('#') || buildString.Any(char.IsControl))
        {
            throw new HeaderSourceException($"{package.Name} {package.Version} has UTS_VERSION '{buildString}', which is not a kernel build string (\"#1 SMP ...\").");
        }
    }
}
