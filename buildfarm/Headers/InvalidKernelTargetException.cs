namespace KernelAgent.BuildFarm.Headers;

/// <summary>A kernel target whose fields cannot name an exact build (or no header source serves it).</summary>
public sealed class InvalidKernelTargetException : Exception
{
    public InvalidKernelTargetException(KernelTarget target, string field, string message)
        : base($"Kernel target {target}: {field}: {message}")
    {
        Target = target;
        Field = field;
        Problem = message;
    }

    /// <summary>What is wrong with the field, without the target and field in front.</summary>
    public string Problem { get; }

    /// <summary>The offending field's name as in <see cref="KernelTarget"/>, e.g. "KernelBuild".</summary>
    public string Field { get; }

    public KernelTarget Target { get; }
}
