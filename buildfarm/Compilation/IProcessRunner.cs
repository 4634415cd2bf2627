namespace KernelAgent.BuildFarm.Compilation;

/// <summary>Runs external programs with a timeout; the seam tests use to count or fake tool calls.</summary>
internal interface IProcessRunner
{
    /// <summary>
    /// Runs the program to completion. A timeout kills the whole process tree and is reported in the
    /// result; cancellation kills the tree and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <exception cref="ExternalToolException">The program could not be started.</exception>
    Task<ProcessResult> RunAsync(ProcessInvocation invocation, CancellationToken cancellationToken);
}
