namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>What one prebuild tick did.</summary>
internal enum TickOutcome
{
    /// <summary>No policy configured, or the loop is disabled.</summary>
    Off,

    /// <summary>Another tick (here or in another process) holds the lock.</summary>
    Busy,

    /// <summary>No archive changed and no retry was due: one request per archive, nothing else.</summary>
    Unchanged,

    /// <summary>Crawled, planned and applied.</summary>
    Applied,
}
