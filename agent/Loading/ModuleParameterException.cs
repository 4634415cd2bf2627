namespace KernelAgent.Agent.Loading;

/// <summary>The configured module parameters break the rules of <see cref="ModuleParameters"/>; lists every problem.</summary>
internal sealed class ModuleParameterException : Exception
{
    public ModuleParameterException(IReadOnlyList<string> problems)
        : base("invalid module parameters: " + string.Join("; ", problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
