using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>A build ended without a module, for a reason the requester can act on.</summary>
internal sealed class BuildFailedException(FailureReason reason, string message, string? logTail = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>A build whose variant names no exact build: every field the kernel's headers contradict (reason INVALID_VARIANT).</summary>
    public BuildFailedException(IReadOnlyList<KernelFieldProblem> invalidFields, string message, Exception? inner = null)
        : this(FailureReason.InvalidVariant, message, null, inner)
    {
        InvalidFields = invalidFields;
    }

    public FailureReason Reason { get; } = reason;

    public string? LogTail { get; } = logTail;

    /// <summary>The fields that name no exact build, when <see cref="Reason"/> is INVALID_VARIANT; else empty.</summary>
    public IReadOnlyList<KernelFieldProblem> InvalidFields { get; } = [];
}
