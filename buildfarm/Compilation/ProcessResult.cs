namespace KernelAgent.BuildFarm.Compilation;

/// <summary>What an external program did: exit code (or timeout), its output, and how long it ran.</summary>
internal sealed record ProcessResult(
    int ExitCode,
    bool TimedOut,
    string StandardOutput,
    string StandardError,
    IReadOnlyList<string> OutputLines,
    TimeSpan Duration)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>The last lines of standard output and error together, for error messages.</summary>
    public string Tail(int lines) => string.Join('\n', OutputLines.Skip(Math.Max(0, OutputLines.Count - lines)));
}
