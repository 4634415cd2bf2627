using KernelAgent.BuildFarm.Logging;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Matrix;

/// <summary>Log messages of the prebuild pipeline (catalog, plan, apply); event ids 5100-5119 (demand has 5120-5129).</summary>
internal static partial class MatrixLog
{
    [LoggerMessage(EventId = FarmEventIds.CatalogCrawled, Level = LogLevel.Information, Message = "Crawled {Family}: {Kernels} kernels in {Indexes} indexes, {Seconds:F1} s")]
    public static partial void Crawled(ILogger logger, string family, int kernels, int indexes, double seconds);

    [LoggerMessage(EventId = FarmEventIds.BuildStringResolved, Level = LogLevel.Information, Message = "Build string of {Kernel}: {BuildString} (from {Source})")]
    public static partial void BuildStringResolved(ILogger logger, string kernel, string buildString, string source);

    [LoggerMessage(EventId = FarmEventIds.BuildStringUnresolved, Level = LogLevel.Warning, Message = "Build string of {Kernel} not resolved: {Problem}")]
    public static partial void BuildStringFailed(ILogger logger, string kernel, string problem);

    [LoggerMessage(EventId = FarmEventIds.CrawlWarning, Level = LogLevel.Warning, Message = "Crawl of {Family}: {Warning}")]
    public static partial void CrawlWarning(ILogger logger, string family, string warning);

    [LoggerMessage(EventId = FarmEventIds.MatrixChunkQueued, Level = LogLevel.Information, Message = "Matrix run {RunId}: chunk {Chunk} of {Chunks} ({Entries} entries) queued")]
    public static partial void ChunkQueued(ILogger logger, string runId, int chunk, int chunks, int entries);

    [LoggerMessage(EventId = FarmEventIds.MatrixEntryFinished, Level = LogLevel.Information, Message = "Matrix run {RunId}: {Variant} {Outcome}{Detail}")]
    public static partial void EntryFinished(ILogger logger, string runId, string variant, string outcome, string detail);

    [LoggerMessage(EventId = FarmEventIds.MatrixSnapshotWritten, Level = LogLevel.Information, Message = "Matrix run {RunId}: snapshot {SnapshotKey} written with {Entries} entries")]
    public static partial void SnapshotWritten(ILogger logger, string runId, string snapshotKey, int entries);

    [LoggerMessage(EventId = FarmEventIds.MatrixQueueFull, Level = LogLevel.Warning, Message = "Matrix run {RunId}: the build queue is full; retrying {Variant} in {Seconds:F0} s")]
    public static partial void QueueFull(ILogger logger, string runId, string variant, double seconds);
}
