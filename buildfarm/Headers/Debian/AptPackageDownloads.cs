using KernelAgent.BuildFarm.Headers.Cache;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>
/// Puts a set's packages into the headers cache. Cached files are re-hashed and used; the others are fetched by one
/// <c>apt-get download</c> naming them all: apt's start-up (reading its 50 MB package cache) costs seconds on a busy
/// machine, the transfer of a kernel's three packages well under one. When that call fails, each package is fetched on
/// its own, so those the archive no longer has are named together, in one error.
/// </summary>
internal sealed class AptPackageDownloads(
    HeaderCache cache, AptArchive archive, Func<CancellationToken, Task> ensureLists, TimeProvider time, ILogger logger)
{
    public async Task<(List<string> Files, int FromCache, long BytesDownloaded)> CacheAsync(
        HeaderPackageSet set, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        var files = new string?[set.Packages.Count];
        var wanted = new List<HeaderPackage>();
        for (var i = 0; i < set.Packages.Count; i++)
        {
            var package = set.Packages[i];
            files[i] = await cache.TryGetVerifiedAsync(package, cancellationToken);
            if (files[i] is null)
            {
                wanted.Add(package);
            }
            else
            {
                progress?.Report(new HeaderFetchProgress(package, package.Size, FromCache: true));
            }
        }

        var fromCache = set.Packages.Count - wanted.Count;
        if (wanted.Count == 0)
        {
            return (files.Select(f => f!).ToList(), fromCache, 0);
        }

        try
        {
            // A set recorded in the cache was resolved without the archive: its lists may never have been read.
            await ensureLists(cancellationToken);
        }
        catch (HeaderSourceException e)
        {
            throw new HeadersUnavailableException(set.Target, wanted, cache.Directory, archive.Description, e);
        }

        var downloaded = await TryDownloadTogetherAsync(wanted, progress, cancellationToken)
            ?? await DownloadEachAsync(set, wanted, progress, cancellationToken);
        for (var i = 0; i < files.Length; i++)
        {
            files[i] ??= downloaded[set.Packages[i]];
        }

        return (files.Select(f => f!).ToList(), fromCache, wanted.Sum(p => p.Size));
    }

    // Null when apt refused the call as a whole (a package it no longer offers): each is then tried on its own.
    private async Task<Dictionary<HeaderPackage, string>?> TryDownloadTogetherAsync(
        List<HeaderPackage> packages, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        if (packages.Count < 2)
        {
            return null;
        }

        try
        {
            return await DownloadAsync(packages, progress, cancellationToken);
        }
        catch (HeaderSourceException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<Dictionary<HeaderPackage, string>> DownloadEachAsync(
        HeaderPackageSet set, IReadOnlyList<HeaderPackage> packages, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        var downloaded = new Dictionary<HeaderPackage, string>();
        var missing = new List<HeaderPackage>();
        HeaderSourceException? lastError = null;
        foreach (var package in packages)
        {
            try
            {
                downloaded[package] = (await DownloadAsync([package], progress, cancellationToken))[package];
            }
            catch (HeaderSourceException e)
            {
                missing.Add(package);
                lastError = e;
            }
        }

        return missing.Count == 0
            ? downloaded
            : throw new HeadersUnavailableException(set.Target, missing, cache.Directory, archive.Description, lastError);
    }

    private async Task<Dictionary<HeaderPackage, string>> DownloadAsync(
        IReadOnlyList<HeaderPackage> packages, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var workDirectory = cache.NewWorkDirectory();
        try
        {
            foreach (var package in packages)
            {
                progress?.Report(new HeaderFetchProgress(package, 0, FromCache: false));
            }

            var download = archive.DownloadAsync(packages, workDirectory, cancellationToken);
            if (progress is not null)
            {
                await ReportDownloadedBytesAsync(download, packages, workDirectory, progress);
            }

            var files = await download;
            var cached = new Dictionary<HeaderPackage, string>();
            foreach (var package in packages)
            {
                cached[package] = await cache.AddAsync(package, files[package], cancellationToken);
                HeadersLog.Downloaded(logger, package.Name, package.Version, package.Size, package.Sha256, time.GetElapsedTime(started).TotalSeconds);
                progress?.Report(new HeaderFetchProgress(package, package.Size, FromCache: false));
            }

            return cached;
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    // apt-get download writes straight into its working folder: each package's file size is its download's progress.
    private async Task ReportDownloadedBytesAsync(
        Task download, IReadOnlyList<HeaderPackage> packages, string workDirectory, IProgress<HeaderFetchProgress> progress)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), time);
        while (!download.IsCompleted && await Task.WhenAny(download, timer.WaitForNextTickAsync().AsTask()) != download)
        {
            var folder = new DirectoryInfo(workDirectory);
            foreach (var package in packages)
            {
                var bytes = folder.EnumerateFiles(AptArchive.FileNamePrefix(package) + "*").Sum(f => f.Length);
                progress.Report(new HeaderFetchProgress(package, Math.Min(bytes, package.Size - 1), FromCache: false));
            }
        }
    }
}
