namespace KernelAgent.BuildFarm.Matrix.Apply;

/// <summary>How an apply fans out.</summary>
internal sealed record ApplyOptions
{
    /// <summary>Entries queued at once; the next chunk is queued when every build of this one has ended. Default 16.</summary>
    public int ChunkSize { get; init; } = 16;

    /// <summary>Recorded with each build as who asked for it.</summary>
    public string RequestedBy { get; init; } = "kernel-buildfarm matrix apply";

    /// <summary>Told as each added or changed entry's build ends, in the order they end. Default none.</summary>
    public IProgress<ApplyProgress>? Progress { get; init; }
}
