namespace KernelAgent.BuildFarm.Compilation;

/// <summary>One external program run: arguments are passed as a list, never through a shell.</summary>
internal sealed record ProcessInvocation(string FileName, IReadOnlyList<string> Arguments, TimeSpan Timeout)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set for the child, on top of the farm's own unless <see cref="InheritEnvironment"/> is false.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>False: the child sees only <see cref="Environment"/> (builds must not depend on the farm's environment).</summary>
    public bool InheritEnvironment { get; init; } = true;

    /// <summary>Called once per line of standard output or error, in arrival order, never concurrently.</summary>
    public Action<string>? OnOutputLine { get; init; }

    /// <summary>
    /// Given the child's raw standard output instead of collecting it as lines (to feed another program without a
    /// shell pipe); must read it to its end. Standard error is still collected.
    /// </summary>
    public Func<Stream, CancellationToken, Task>? ReadStandardOutput { get; init; }

    /// <summary>Writes the child's standard input, which is closed afterwards; without it the input is closed at start.</summary>
    public Func<Stream, CancellationToken, Task>? WriteStandardInput { get; init; }

    /// <summary>Human-readable form for logs and error messages.</summary>
    public string CommandLine => Arguments.Count == 0 ? FileName : $"{FileName} {string.Join(' ', Arguments)}";
}
