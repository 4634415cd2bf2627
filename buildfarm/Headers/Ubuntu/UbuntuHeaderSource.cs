using System.Text;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Headers.Repositories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Headers.Ubuntu;

/// <summary>
/// Ubuntu's exact kernel headers from the archive's apt Packages indexes (dists/&lt;suite&gt;/&lt;component&gt;/
/// binary-&lt;arch&gt;/Packages[.gz]): <c>linux-headers-&lt;uname -r&gt;</c> at exactly the version <c>uname -v</c>
/// names, plus the common headers package its Depends name (same selection rules as Debian).
/// A resolved set is recorded in the headers cache and used from there, so a kernel the archive no longer lists
/// still resolves. The packages are downloaded from the archive's pool over HTTP (no apt involved), kept in the
/// headers cache by digest, and extracted with dpkg-deb: the flavour folder (<c>.config</c>, <c>Module.symvers</c>,
/// generated headers, host tools) links the rest to the common package's folder with relative links, which stay
/// inside the private root, so kbuild runs in the flavour folder with its own Makefile.
/// </summary>
internal sealed class UbuntuHeaderSource(
    IOptions<UbuntuHeaderSourceOptions> options,
    IOptions<HeaderCacheOptions> cacheOptions,
    HttpClient httpClient,
    IProcessRunner processRunner,
    TimeProvider timeProvider,
    ILogger<UbuntuHeaderSource> logger) : IHeaderSource, IHeaderPackageKeeper
{
    private readonly UbuntuHeaderSourceOptions _options = options.Value;
    private readonly HeaderCache _cache = new(cacheOptions.Value.Directory, logger);
    private readonly RepositoryClient _repository = new(httpClient, options.Value.IndexTimeout);
    private readonly DebPackageExtractor _extractor = new(processRunner, options.Value.ExtractTimeout);

    private RepositoryPackageDownloads Downloads => field ??= new(
        _cache, new RepositoryClient(httpClient, _options.DownloadTimeout), timeProvider, logger);

    private RepositoryHeaderKeeper Keeper => field ??= new(_cache, Downloads, "the Ubuntu archive", logger);

    public string Family => "Ubuntu";

    public bool Serves(KernelTarget target) => target.DistroId == "ubuntu";

    public void CheckTarget(KernelTarget target)
    {
        UbuntuBuildString.ParsePackageVersion(target);
        DebianArchitecture.FromMachine(target);
        Codename(target);
    }

    // A suite per VERSION_ID: the packages are looked up in that release's suites only, so a kernel found there is of it.
    // A backport names its release in the build string too ("#14~22.04.1-Ubuntu").
    private string Codename(KernelTarget target)
    {
        var codename = _options.Codenames.TryGetValue(target.DistroVersionId, out var configured)
            ? configured
            : throw new InvalidKernelTargetException(
                target, nameof(KernelTarget.DistroVersionId),
                $"'{target.DistroVersionId}' is no Ubuntu release this farm knows ({string.Join(", ", _options.Codenames.Keys)}; {UbuntuHeaderSourceOptions.Section}:Codenames)");
        if (UbuntuBuildString.BackportRelease(target) is { } backportedTo && backportedTo != target.DistroVersionId)
        {
            throw new InvalidKernelTargetException(
                target, nameof(KernelTarget.DistroVersionId), $"is '{target.DistroVersionId}', but the build string names a backport to Ubuntu {backportedTo}");
        }

        return codename;
    }

    public async Task<HeaderPackageSet> ResolveAsync(KernelTarget target, CancellationToken cancellationToken)
    {
        var version = UbuntuBuildString.ParsePackageVersion(target);
        var architecture = DebianArchitecture.FromMachine(target);
        var codename = Codename(target);
        if (_cache.TryGetSet(target) is { } recorded)
        {
            return recorded;
        }

        var archive = ArchiveFor(architecture);
        var where = $"the Ubuntu archive {archive} (suites {string.Join(", ", _options.Pockets.Select(p => codename + p))}, binary-{architecture})";

        var offered = new List<DebianControlStanza>();
        foreach (var suite in _options.Pockets.Select(p => codename + p))
        {
            foreach (var component in _options.Components)
            {
                offered.AddRange(await ReadHeaderStanzasAsync(archive, $"dists/{suite}/{component}/binary-{architecture}/", cancellationToken));
            }
        }

        var flavour = DebianHeaderSelection.ChooseExact(target, $"linux-headers-{target.KernelRelease}", version, offered, where);
        var chosen = new List<DebianControlStanza> { flavour };
        chosen.AddRange(DebianHeaderSelection.HeaderDependencies(flavour).Select(d => DebianHeaderSelection.ChooseDependency(target, d, version, offered, where)));
        var set = new HeaderPackageSet(
            target,
            [.. chosen.Select(s => DebianHeaderSelection.ToHeaderPackage(s, where, new Uri(archive, s.Required("Filename", where)))).DistinctBy(p => p.Sha256)]);
        _cache.StoreSet(set);
        return set;
    }

    public async Task<KernelHeaders> FetchAsync(
        KernelTarget target, string rootDirectory, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        if (DebianArchitecture.FromMachine(target) is var architecture && architecture != _options.HostArchitecture)
        {
            throw new HeaderSourceException(
                $"{target} cannot be built on this {_options.HostArchitecture} farm: Ubuntu's {architecture} header package " +
                $"linux-headers-{target.KernelRelease} carries kbuild's host tools (scripts/basic/fixdep, scripts/mod/modpost, ...) built for {architecture}, " +
                $"and Ubuntu has no separate kbuild package for the build machine. Build {architecture} Ubuntu kernels on a {architecture} farm " +
                $"({UbuntuHeaderSourceOptions.Section}:HostArchitecture).");
        }

        var set = await ResolveAsync(target, cancellationToken);
        if (ExtractedHeaders.IsExtracted(rootDirectory, set))
        {
            foreach (var package in set.Packages)
            {
                progress?.Report(new HeaderFetchProgress(package, package.Size, FromCache: true));
            }

            return ExactBuildCheck.Verified(DebianHeaderLayout.Locate(set, rootDirectory, set.Packages.Count), distroVersion: null, buildStringRequired: false);
        }

        var (files, fromCache, _) = await Downloads.CacheAsync(set, "the Ubuntu archive", progress, cancellationToken);
        await _extractor.ExtractAsync(files, rootDirectory, ExtractedHeaders.Manifest(set), KbuildPathFilter.Exclusions(target), cancellationToken);
        var headers = ExactBuildCheck.Verified(DebianHeaderLayout.Locate(set, rootDirectory, fromCache), distroVersion: null, buildStringRequired: false);
        HeadersLog.Fetched(logger, target, rootDirectory, fromCache, set.Packages.Count, timeProvider.GetElapsedTime(started).TotalSeconds);
        return headers;
    }

    public async Task<KeptHeaders> KeepAsync(HeaderPackageSet packages, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken) =>
        await Keeper.KeepAsync(packages, await ResolveAsync(packages.Target, cancellationToken), progress, cancellationToken);

    private Uri ArchiveFor(string architecture)
    {
        var archive = (architecture == "amd64" ? _options.ArchiveUri : _options.PortsArchiveUri)
            ?? throw new HeaderSourceException($"No Ubuntu archive is configured for {architecture} (UbuntuHeaderSourceOptions.{(architecture == "amd64" ? "ArchiveUri" : "PortsArchiveUri")}).");
        return archive.AbsoluteUri.EndsWith('/') ? archive : new Uri(archive.AbsoluteUri + "/");
    }

    // The index is large; only kernel header stanzas are kept.
    private async Task<IReadOnlyList<DebianControlStanza>> ReadHeaderStanzasAsync(Uri archive, string folder, CancellationToken cancellationToken)
    {
        var index = await _repository.ReadAsync(new Uri(archive, folder + "Packages.gz"), cancellationToken)
            ?? await _repository.ReadAsync(new Uri(archive, folder + "Packages"), cancellationToken);
        if (index is null)
        {
            return [];
        }

        using var reader = new StreamReader(new MemoryStream(index), Encoding.UTF8);
        return [.. DebianControlStanza.Read(reader).Where(s => s["Package"] is { } name && DebianHeaderSelection.IsHeaderPackage(name))];
    }
}
