namespace KernelAgent.BuildFarm.Compilation;

/// <summary>A module did not compile; <see cref="LogTail"/> holds the end of the build log.</summary>
internal class CompilationException : Exception
{
    public CompilationException(string message, string? logTail = null)
        : base(logTail is null ? message : $"{message}\n--- last lines of the build log ---\n{logTail}")
    {
        LogTail = logTail;
    }

    public string? LogTail { get; }
}
