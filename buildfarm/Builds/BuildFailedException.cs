using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>A build ended without a module, for a reason the requester can act on.</summary>
public sealed class BuildFailedException(FailureReason reason, string message, string? logTail = null, Exception? inner = null)
    : Exception(message, inner)
{
    public FailureReason Reason { get; } = reason;

    public string? LogTail { get; } = logTail;
}
