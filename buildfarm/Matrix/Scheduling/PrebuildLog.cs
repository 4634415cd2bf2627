using KernelAgent.BuildFarm.Logging;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>Log messages of the prebuild loop; event ids 5130-5139.</summary>
internal static partial class PrebuildLog
{
    [LoggerMessage(EventId = FarmEventIds.PrebuildOff, Level = LogLevel.Information, Message = "Prebuild loop off: {Why}")]
    public static partial void Off(ILogger logger, string why);

    [LoggerMessage(EventId = FarmEventIds.PrebuildUnchanged, Level = LogLevel.Debug, Message = "Prebuild tick: none of {Archives} archive(s) changed; nothing to do")]
    public static partial void Unchanged(ILogger logger, int archives);

    [LoggerMessage(EventId = FarmEventIds.PrebuildArchiveChanged, Level = LogLevel.Information, Message = "Prebuild tick: {Changed} of {Archives} archive(s) changed ({First}); crawling and planning policy {Policy}")]
    public static partial void ArchiveChanged(ILogger logger, int changed, int archives, string first, string policy);

    [LoggerMessage(EventId = FarmEventIds.PrebuildArchiveUnreadable, Level = LogLevel.Warning, Message = "Prebuild tick: archive {Url} not checked: {Problem}")]
    public static partial void ArchiveUnreadable(ILogger logger, string url, string problem);

    [LoggerMessage(EventId = FarmEventIds.PrebuildApplied, Level = LogLevel.Information, Message = "Prebuild run {RunId}: {Published} published, {Failed} failed, {Deferred} waiting for their retry, in {Seconds:F1} s")]
    public static partial void Applied(ILogger logger, string runId, int published, int failed, int deferred, double seconds);

    [LoggerMessage(EventId = FarmEventIds.PrebuildBusy, Level = LogLevel.Information, Message = "Prebuild tick skipped: the previous one (in this or another process, lock {LockFile}) is still running")]
    public static partial void Busy(ILogger logger, string lockFile);

    [LoggerMessage(EventId = FarmEventIds.PrebuildTickFailed, Level = LogLevel.Warning, Message = "Prebuild tick failed; the next one starts over: {Problem}")]
    public static partial void TickFailed(ILogger logger, string problem);

    [LoggerMessage(
        EventId = FarmEventIds.KernelCovered, Level = LogLevel.Information,
        Message = "Kernel {Distro} {DistroVersion} {Arch} {KernelRelease} ({KernelVersion}) covered: {Modules} module(s) published; seconds since it first appeared in an archive: {LagSeconds}")]
    public static partial void KernelCovered(
        ILogger logger, string distro, string distroVersion, string arch, string kernelRelease, string kernelVersion, int modules, string lagSeconds);
}
