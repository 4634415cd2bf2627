using KernelAgent.BuildFarm.Logging;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Headers;

/// <summary>Log messages of the header sources; event ids 3100-3199.</summary>
internal static partial class HeadersLog
{
    [LoggerMessage(EventId = FarmEventIds.AptListsUpdated, Level = LogLevel.Information, Message = "Package lists of the private apt root {AptRoot} updated in {Seconds:F1} s")]
    public static partial void AptListsUpdated(ILogger logger, string aptRoot, double seconds);

    [LoggerMessage(EventId = FarmEventIds.HeadersResolved, Level = LogLevel.Information, Message = "Resolved headers of {Target}: {Packages}")]
    public static partial void Resolved(ILogger logger, KernelTarget target, string packages);

    [LoggerMessage(EventId = FarmEventIds.HeaderPackageDownloaded, Level = LogLevel.Information, Message = "Downloaded {Package} {Version} ({Bytes} bytes, sha256 {Sha256}) in {Seconds:F1} s")]
    public static partial void Downloaded(ILogger logger, string package, string version, long bytes, string sha256, double seconds);

    [LoggerMessage(EventId = FarmEventIds.HeadersReady, Level = LogLevel.Information, Message = "Headers of {Target} ready in {Root}: {FromCache} of {Count} packages from the cache, {Seconds:F1} s")]
    public static partial void Fetched(ILogger logger, KernelTarget target, string root, int fromCache, int count, double seconds);

    [LoggerMessage(EventId = FarmEventIds.AptListsStale, Level = LogLevel.Information, Message = "{Package} {Version} not found for {Target} with package lists {AgeMinutes:F0} min old; refreshing them once")]
    public static partial void RefreshingAfterMiss(ILogger logger, string package, string version, KernelTarget target, double ageMinutes);

    [LoggerMessage(EventId = FarmEventIds.CachedPackageCorrupt, Level = LogLevel.Warning, Message = "Cached package {Sha256} did not match its digest and was deleted")]
    public static partial void CorruptCacheEntry(ILogger logger, string sha256);

    [LoggerMessage(EventId = FarmEventIds.HeadersKept, Level = LogLevel.Information, Message = "Kept the headers of {Target} in the cache: {Downloaded} packages downloaded, {AlreadyCached} already there")]
    public static partial void Kept(ILogger logger, KernelTarget target, int downloaded, int alreadyCached);

    [LoggerMessage(EventId = FarmEventIds.HeadersRootReused, Level = LogLevel.Information, Message = "Headers of {Target} reused from the kept root {Root}: nothing extracted")]
    public static partial void RootReused(ILogger logger, KernelTarget target, string root);

    [LoggerMessage(EventId = FarmEventIds.HeadersRootExtracted, Level = LogLevel.Information, Message = "Headers of {Target} extracted into the kept root {Root} (read-only) in {Seconds:F1} s")]
    public static partial void RootExtracted(ILogger logger, KernelTarget target, string root, double seconds);

    [LoggerMessage(EventId = FarmEventIds.HeadersRootEvicted, Level = LogLevel.Information, Message = "Kept headers root {Root} evicted: {Kept} roots is the limit (Headers:Roots:Keep) and it was the least recently used")]
    public static partial void RootEvicted(ILogger logger, string root, int kept);

    [LoggerMessage(EventId = FarmEventIds.HeadersRootDeleteFailed, Level = LogLevel.Warning, Message = "Could not delete the headers root {Root}: {Problem}")]
    public static partial void RootNotDeleted(ILogger logger, string root, string problem);

    [LoggerMessage(EventId = FarmEventIds.HeadersRootRefused, Level = LogLevel.Warning, Message = "Kept headers root {Root} was refused and is extracted again: {Problem}")]
    public static partial void RootRefused(ILogger logger, string root, string problem);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Warning, Message = "Package lists of the private apt root {AptRoot} were not refreshed ({Problem}); resolutions use the lists there are")]
    public static partial void AptListsRefreshFailed(ILogger logger, string aptRoot, string problem);

    [LoggerMessage(EventId = 3113, Level = LogLevel.Information, Message = "Package lists of the private apt root {AptRoot} are {AgeMinutes:F0} min old; resolving from them while they are refreshed")]
    public static partial void AptListsStale(ILogger logger, string aptRoot, double ageMinutes);
}
