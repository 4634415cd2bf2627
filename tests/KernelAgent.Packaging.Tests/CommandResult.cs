namespace KernelAgent.Packaging.Tests;

/// <summary>What a finished command printed and how it ended.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output, string Errors)
{
    /// <summary>Everything the command printed, for assertion messages.</summary>
    public string Transcript => $"$ {Command}\nexit {ExitCode}\n{Output}{Errors}";
}
