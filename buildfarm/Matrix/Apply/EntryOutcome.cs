namespace KernelAgent.BuildFarm.Matrix.Apply;

/// <summary>What happened to one entry in an apply.</summary>
internal enum EntryOutcome
{
    /// <summary>Built and published in this run.</summary>
    Published,

    /// <summary>The variant was already published (by an earlier build or an on-demand request); nothing was built.</summary>
    AlreadyPublished,

    /// <summary>The build failed; the snapshot keeps the entry's previous state, so the next plan retries it.</summary>
    Failed,

    /// <summary>The build was cancelled (the farm stopped); treated as failed.</summary>
    Cancelled,

    /// <summary>The entry left the matrix; its artifact stays in the store.</summary>
    Retired,
}
