namespace KernelAgent.Agent.Identity;

/// <summary>
/// The host's identity could not be determined exactly. The agent never substitutes a guess for a
/// missing or malformed field: <see cref="Problems"/> names every file and field at fault.
/// </summary>
internal sealed class IdentityException : Exception
{
    public IdentityException(IReadOnlyList<IdentityProblem> problems, Exception? inner = null)
        : base(Describe(problems), inner)
    {
        Problems = problems;
    }

    public IdentityException(IdentityProblem problem, Exception? inner = null)
        : this([problem], inner)
    {
    }

    public IReadOnlyList<IdentityProblem> Problems { get; }

    private static string Describe(IReadOnlyList<IdentityProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("an identity error needs at least one problem", nameof(problems));
        }

        return "cannot determine the host's kernel identity: " + string.Join("; ", problems);
    }
}
