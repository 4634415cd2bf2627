using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers.Cache;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>
/// Debian's exact kernel headers through a private apt root: <c>linux-headers-&lt;uname -r&gt;</c> at exactly the
/// version in <c>uname -v</c>, plus the common and linux-kbuild packages its Depends name
/// (<see cref="DebianHeaderSelection"/>); arm64 targets take the arm64 flavour package and this machine's
/// linux-kbuild (its host tools run here). Resolved sets and package files stay in the headers cache, and a set
/// recorded there (by a build, or by a crawl that kept the packages) is used without asking the archive: a kernel
/// whose packages left the archive still builds from the cache.
/// </summary>
internal sealed class DebianHeaderSource : IHeaderSource, IHeaderPackageKeeper, IDisposable
{
    private readonly DebianHeaderSourceOptions _options;
    private readonly HeaderCache _cache;
    private readonly AptArchive _archive;
    private readonly DebPackageExtractor _extractor;
    private readonly AptPackageDownloads _downloads;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DebianHeaderSource> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private int _refreshing;
    private int _refreshDue;
    private int _disposed;

    public DebianHeaderSource(
        IOptions<DebianHeaderSourceOptions> options,
        IOptions<HeaderCacheOptions> cacheOptions,
        IProcessRunner processRunner,
        TimeProvider timeProvider,
        ILogger<DebianHeaderSource> logger)
    {
        _options = options.Value;
        _cache = new HeaderCache(cacheOptions.Value.Directory, logger);
        var aptDirectory = _options.AptDirectory ?? Path.Join(cacheOptions.Value.Directory, "apt");
        string[] architectures = [.. new[] { _options.HostArchitecture, "amd64", "arm64" }.Distinct()];
        _archive = new AptArchive(aptDirectory, _options, architectures, processRunner, timeProvider, logger);
        _extractor = new DebPackageExtractor(processRunner, _options.ExtractTimeout);
        _downloads = new AptPackageDownloads(_cache, _archive, EnsureListsAsync, timeProvider, logger);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public string Family => "Debian";

    /// <summary>The private apt root the lists and queries use.</summary>
    public string AptRoot => _archive.Root;

    public bool Serves(KernelTarget target) => target.DistroId == "debian";

    public async Task<HeaderPackageSet> ResolveAsync(KernelTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return await ResolveSetAsync(target, cancellationToken);
        }
        finally
        {
            StartDueRefresh();
        }
    }

    private async Task<HeaderPackageSet> ResolveSetAsync(KernelTarget target, CancellationToken cancellationToken)
    {
        var version = Validate(target);
        if (_cache.TryGetSet(target) is { } cached)
        {
            return cached;
        }

        await EnsureListsAsync(cancellationToken);
        HeaderPackageSet set;
        try
        {
            set = await ResolveFromArchiveAsync(target, version, cancellationToken);
        }
        catch (HeadersUnavailableException miss) when (_archive.ListsAge() is { } age && age > _options.MissRefreshAge)
        {
            HeadersLog.RefreshingAfterMiss(_logger, miss.Package, miss.Version, target, age.TotalMinutes);
            await _archive.EnsureListsAsync(_options.MissRefreshAge, cancellationToken);
            set = await ResolveFromArchiveAsync(target, version, cancellationToken);
        }

        _cache.StoreSet(set);
        HeadersLog.Resolved(_logger, target, string.Join(", ", set.Packages.Select(p => $"{p.Name}:{p.Architecture} {p.Version}")));
        return set;
    }

    public async Task<KernelHeaders> FetchAsync(
        KernelTarget target, string rootDirectory, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        HeaderPackageSet set;
        List<string> files;
        int fromCache;
        try
        {
            set = await ResolveSetAsync(target, cancellationToken);
            if (ExtractedHeaders.IsExtracted(rootDirectory, set))
            {
                foreach (var package in set.Packages)
                {
                    progress?.Report(new HeaderFetchProgress(package, package.Size, FromCache: true));
                }

                return Verified(DebianHeaderLayout.Locate(set, rootDirectory, set.Packages.Count));
            }

            (files, fromCache, _) = await _downloads.CacheAsync(set, progress, cancellationToken);
        }
        finally
        {
            StartDueRefresh();
        }

        await _extractor.ExtractAsync(files, rootDirectory, ExtractedHeaders.Manifest(set), KbuildPathFilter.Exclusions(target), cancellationToken);
        var headers = Verified(DebianHeaderLayout.Locate(set, rootDirectory, fromCache));
        HeadersLog.Fetched(_logger, target, rootDirectory, fromCache, set.Packages.Count, _timeProvider.GetElapsedTime(started).TotalSeconds);
        return headers;
    }

    public async Task<KeptHeaders> KeepAsync(HeaderPackageSet packages, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        Validate(packages.Target);
        int fromCache;
        long bytes;
        try
        {
            (_, fromCache, bytes) = await _downloads.CacheAsync(packages, progress, cancellationToken);
        }
        finally
        {
            StartDueRefresh();
        }

        var downloaded = packages.Packages.Count - fromCache;
        if (_cache.TryGetSet(packages.Target) is null)
        {
            _cache.StoreSet(packages);
        }

        HeadersLog.Kept(_logger, packages.Target, downloaded, fromCache);
        return new KeptHeaders(packages.Target, downloaded, fromCache, bytes);
    }

    /// <summary>Refreshes the package lists now, whatever their age: the prebuild loop saw a Release file change.</summary>
    /// <exception cref="HeaderSourceException">apt-get update failed.</exception>
    public Task RefreshListsNowAsync(CancellationToken cancellationToken) => _archive.EnsureListsAsync(TimeSpan.Zero, cancellationToken);

    /// <summary>Refreshes the package lists when they are <see cref="DebianHeaderSourceOptions.RefreshInterval"/> old (the serving farm's refresher).</summary>
    public Task RefreshListsAsync(CancellationToken cancellationToken) => _archive.EnsureListsAsync(_options.RefreshInterval, cancellationToken);

    // The container disposes this once per registration it hands it out under (source, keeper, itself).
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _stopping.Dispose();
            _archive.Dispose();
        }
    }

    /// <summary>Whether the private apt root holds package lists at all.</summary>
    public bool HasLists => _archive.ListsAge() is not null;

    // Without lists nothing can be resolved: they are fetched first. Stale lists still name exact packages (version and
    // digest, checked again on download), so they are read at once and refreshed when this request's apt calls are done
    // (apt rebuilds its cache in every call that sees the lists change under it); a kernel they do not hold yet is
    // looked up again after a refresh (MissRefreshAge).
    private async Task EnsureListsAsync(CancellationToken cancellationToken)
    {
        if (_archive.ListsAge() is not { } age)
        {
            await _archive.EnsureListsAsync(_options.ListsMaxAge, cancellationToken);
            return;
        }

        if (age > _options.ListsMaxAge && Interlocked.Exchange(ref _refreshDue, 1) == 0)
        {
            HeadersLog.AptListsStale(_logger, _archive.Root, age.TotalMinutes);
        }
    }

    private void StartDueRefresh()
    {
        if (Volatile.Read(ref _refreshDue) == 1 && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            Interlocked.Exchange(ref _refreshDue, 0);
            _ = Task.Run(RefreshBesideAsync, CancellationToken.None);
        }
    }

    private async Task RefreshBesideAsync()
    {
        try
        {
            await _archive.EnsureListsAsync(_options.ListsMaxAge, _stopping.Token);
        }
        catch (HeaderSourceException e)
        {
            HeadersLog.AptListsRefreshFailed(_logger, _archive.Root, e.Message);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The farm is stopping.
        }
        finally
        {
            Interlocked.Exchange(ref _refreshing, 0);
        }
    }

    public void CheckTarget(KernelTarget target) => Validate(target);

    private static string Validate(KernelTarget target)
    {
        DebianBuildString.ValidateRelease(target);
        DebianArchitecture.FromMachine(target);
        DebianRelease.CheckForm(target);
        var version = DebianBuildString.ParsePackageVersion(target);
        DebianRelease.Check(target, DebianRelease.FromNames(target, version));
        return version;
    }

    // The packages were found by the release and the build string's package version: the rest of the target (the build
    // date, the Debian release) is proven by what the headers themselves record, before anything is compiled.
    private KernelHeaders Verified(KernelHeaders headers)
    {
        var target = headers.Target;
        var evidence = DebianRelease.FromNames(target, DebianBuildString.ParsePackageVersion(target))
            ?? DebianRelease.FromChangelog(headers.RootDirectory, target, _options.Codenames)
            ?? throw new HeaderSourceException(
                $"The headers of {target} name no Debian release this farm knows (no +debNN/~bpoNN in their version, and their changelog's " +
                $"distribution is none of {string.Join(", ", _options.Codenames.Select(c => $"{c.Value} ({c.Key})"))}; {DebianHeaderSourceOptions.Section}:Codenames)," +
                " so VERSION_ID cannot be checked.");
        return ExactBuildCheck.Verified(headers, evidence, buildStringRequired: true);
    }

    private async Task<HeaderPackageSet> ResolveFromArchiveAsync(KernelTarget target, string version, CancellationToken cancellationToken)
    {
        var flavourName = $"linux-headers-{target.KernelRelease}";
        var flavourCandidates = await _archive.ShowAsync(flavourName, DebianArchitecture.FromMachine(target), cancellationToken);
        var flavour = DebianHeaderSelection.ChooseExact(target, flavourName, version, flavourCandidates, _archive.Description);
        var chosen = new List<DebianControlStanza> { flavour };
        foreach (var dependency in DebianHeaderSelection.HeaderDependencies(flavour))
        {
            // Common headers are Architecture: all; linux-kbuild must run on this machine: both come from the host's architecture.
            var candidates = await _archive.ShowAsync(dependency.Name, _options.HostArchitecture, cancellationToken);
            chosen.Add(DebianHeaderSelection.ChooseDependency(target, dependency, version, candidates, _archive.Description));
        }

        var packages = chosen.Select(s => DebianHeaderSelection.ToHeaderPackage(s, _archive.Description)).DistinctBy(p => p.Sha256).ToList();
        var locations = await _archive.DownloadUrisAsync(packages, cancellationToken);
        return new HeaderPackageSet(target, [.. packages.Select(p => p with { Location = locations.GetValueOrDefault(p.Sha256) })]);
    }
}
