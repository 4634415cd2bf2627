namespace KernelAgent.BuildFarm.Logging;

/// <summary>
/// The farm's log event ids, one block per feature folder. Use them in
/// <c>[LoggerMessage(EventId = FarmEventIds.BuildQueued, ...)]</c>.
/// </summary>
/// <remarks>
/// An id names one event kind forever: its journald MESSAGE_ID is derived from the number
/// (<see cref="FarmMessageIds"/>), packaging/catalog/kernel-buildfarm.catalog explains it under the name used
/// here, and SREs filter and alert on it. Never renumber or reuse an id; retire it.
/// Blocks: 1000 Builds, 1900 Hosting, 3100 Headers, 3200 Compilation, 3300 Drivers, 5100 Matrix (crawl, plan,
/// apply), 5120 Demand, 5130 prebuild loop, 7300 store mirror, 7400 Maintenance, 7500 Auth.
/// </remarks>
internal static class FarmEventIds
{
    public const int BuildQueued = 1001;
    public const int BuildStarted = 1002;
    public const int BuildPublished = 1003;
    public const int BuildFailed = 1004;
    public const int PublishedAttestationUnverifiable = 1005;
    public const int BuildInternalFailure = 1006;
    public const int BuildSuperseding = 1007;
    public const int InvalidVariant = 1008;
    public const int ResolveHit = 1009;
    public const int ResolveMiss = 1010;

    public const int FarmServing = 1900;
    public const int FarmStopping = 1901;

    public const int AptListsUpdated = 3100;
    public const int HeadersResolved = 3101;
    public const int HeaderPackageDownloaded = 3102;
    public const int HeadersReady = 3103;
    public const int AptListsStale = 3104;
    public const int CachedPackageCorrupt = 3105;
    public const int HeadersKept = 3106;
    public const int HeadersRootReused = 3107;
    public const int HeadersRootExtracted = 3108;
    public const int HeadersRootEvicted = 3109;
    public const int HeadersRootDeleteFailed = 3110;
    public const int HeadersRootRefused = 3111;

    public const int Compiling = 3200;
    public const int Compiled = 3201;
    public const int CompileWarning = 3202;
    public const int SandboxUnusable = 3203;
    public const int DkmsStep = 3204;
    public const int DkmsBuilt = 3205;

    public const int DriverSourceCopied = 3300;
    public const int DriverSourceDigestMismatch = 3301;
    public const int DriversReloaded = 3302;
    public const int DriversReloadRefused = 3303;

    public const int ScaleOutRelayFailed = 3400;
    public const int ScaleOutStaleClaim = 3401;
    public const int ScaleOutCancelNotSent = 3402;
    public const int WorkerJobTaken = 3410;
    public const int WorkerGaveUp = 3411;
    public const int WorkerMalformedJob = 3412;
    public const int WorkerBusFailed = 3413;
    public const int WorkerBuildFailed = 3414;
    public const int WorkerInternalFailure = 3415;

    public const int CatalogCrawled = 5100;
    public const int BuildStringResolved = 5101;
    public const int BuildStringUnresolved = 5102;
    public const int CrawlWarning = 5103;
    public const int MatrixChunkQueued = 5110;
    public const int MatrixEntryFinished = 5111;
    public const int MatrixSnapshotWritten = 5112;
    public const int MatrixQueueFull = 5113;

    public const int PrebuildOff = 5130;
    public const int PrebuildUnchanged = 5131;
    public const int PrebuildArchiveChanged = 5132;
    public const int PrebuildArchiveUnreadable = 5133;
    public const int PrebuildApplied = 5134;
    public const int PrebuildBusy = 5135;
    public const int PrebuildTickFailed = 5136;
    public const int KernelCovered = 5137;

    public const int DemandWritten = 5120;
    public const int DemandWriteFailed = 5121;
    public const int DemandDayFull = 5122;

    public const int StoreMirrorReadFailed = 7300;

    public const int LeftoverRemoved = 7400;
    public const int LeftoversSwept = 7401;

    public const int CallAllowed = 7500;
    public const int CallUnauthenticated = 7501;
    public const int CallDenied = 7502;
    public const int CallLimited = 7503;
    public const int BuildOutsidePolicy = 7504;
    public const int ServingUnauthenticated = 7505;
}
