namespace KernelAgent.BuildFarm.Headers;

/// <summary>A kernel target whose fields cannot name an exact build (or no header source serves it).</summary>
internal sealed class InvalidKernelTargetException : Exception
{
    public InvalidKernelTargetException(KernelTarget target, string field, string message)
        : this(target, [new KernelTargetProblem(field, message)])
    {
    }

    /// <param name="target">The target.</param>
    /// <param name="problems">Every field that is wrong (at least one), each with what is wrong.</param>
    public InvalidKernelTargetException(KernelTarget target, IReadOnlyList<KernelTargetProblem> problems)
        : base($"Kernel target {target}: {string.Join("; ", problems.Select(p => $"{p.Field}: {p.Problem}"))}")
    {
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count);
        Target = target;
        Problems = problems;
    }

    /// <summary>What is wrong with the (first) field, without the target and field in front.</summary>
    public string Problem => Problems[0].Problem;

    /// <summary>The (first) offending field's name as in <see cref="KernelTarget"/>, e.g. "KernelBuild".</summary>
    public string Field => Problems[0].Field;

    /// <summary>Every offending field, in the order the check found them.</summary>
    public IReadOnlyList<KernelTargetProblem> Problems { get; }

    public KernelTarget Target { get; }
}
