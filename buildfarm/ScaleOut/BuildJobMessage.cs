namespace KernelAgent.BuildFarm.ScaleOut;

/// <summary>
/// A build job on the work queue, and the job a build's events belong to (sent with each as the Kagent-Job header):
/// what a worker needs to run the build and a replica needs to show it.
/// </summary>
/// <param name="BuildId">The build's id, the same on every replica and worker.</param>
/// <param name="Variant">The variant's canonical form (docs/store-layout.md).</param>
/// <param name="RequestedBy">Who asked first.</param>
/// <param name="BuildKey">The matrix build key, or null on demand.</param>
/// <param name="Supersede">Whether the build replaces a published artifact made from other inputs.</param>
/// <param name="Created">When the first request came.</param>
internal sealed record BuildJobMessage(string BuildId, string Variant, string RequestedBy, string? BuildKey, bool Supersede, DateTimeOffset Created);
