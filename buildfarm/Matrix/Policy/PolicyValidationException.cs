namespace KernelAgent.BuildFarm.Matrix.Policy;

/// <summary>A policy file with problems; <see cref="Errors"/> lists every one, each with its JSON path.</summary>
internal sealed class PolicyValidationException : Exception
{
    public PolicyValidationException(string source, IReadOnlyList<string> errors)
        : base($"The support policy {source} is not valid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):\n  {string.Join("\n  ", errors)}")
    {
        Errors = errors;
    }

    /// <summary>"$.targets[0].arches[1]: 'i686' is not ..." lines.</summary>
    public IReadOnlyList<string> Errors { get; }
}
