namespace KernelAgent.EndToEnd.Tests.Support;

/// <summary>How an external process ended and what it printed.</summary>
internal sealed record ProcessOutcome(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The last lines of the error output, for exception messages.</summary>
    public string ErrorTail(int lines = 20) =>
        string.Join('\n', StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
}
