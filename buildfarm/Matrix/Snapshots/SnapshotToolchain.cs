namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>A toolchain digest a snapshot's entries name, and what it describes.</summary>
internal sealed record SnapshotToolchain(string Digest, string Description);
