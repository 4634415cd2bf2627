namespace KernelAgent.Agent.Resolution;

/// <summary>No acceptable artifact could be found anywhere; <see cref="Outcome"/> says which definite state that is.</summary>
internal sealed class ResolutionException(ResolutionFailure outcome, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ResolutionFailure Outcome { get; } = outcome;
}

/// <summary>Why resolution ended without an artifact.</summary>
public enum ResolutionFailure
{
    /// <summary>No store had it and no farm is configured.</summary>
    NotFound,

    /// <summary>Something was found but refused by verification (tampered, wrong key, wrong variant).</summary>
    Refused,

    /// <summary>The farm tried and the build failed (headers unavailable, compile error, ...).</summary>
    BuildFailed,

    /// <summary>The farm or the stores could not be reached before the deadline.</summary>
    Unreachable,
}
