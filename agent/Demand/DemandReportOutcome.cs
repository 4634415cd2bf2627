namespace KernelAgent.Agent.Demand;

/// <summary>What one attempt to report demand did.</summary>
internal enum DemandReportOutcome
{
    /// <summary>No farm is configured, or Agent:Farm:ReportDemand is off.</summary>
    Disabled,

    /// <summary>The host has no readable machine id (or kernel identity) to report under.</summary>
    NoHostId,

    /// <summary>No installed-but-not-running kernel with a known build string and no miss: nothing to say.</summary>
    NothingToReport,

    /// <summary>The same kernels were reported less than Agent:Farm:DemandReportInterval ago.</summary>
    RateLimited,

    /// <summary>The farm took the report.</summary>
    Sent,

    /// <summary>The farm did not take it (logged); the next pass tries again.</summary>
    Failed,
}
