using System.Collections.Concurrent;
using KernelAgent.BuildFarm.Compilation;

namespace KernelAgent.BuildFarm.Tests.Headers;

/// <summary>Runs programs for real and remembers which ones ran, so tests can assert what did not run.</summary>
internal sealed class RecordingProcessRunner : IProcessRunner
{
    private readonly ProcessRunner _inner = new(TimeProvider.System);

    public ConcurrentQueue<ProcessInvocation> Invocations { get; } = new();

    public IEnumerable<string> Programs => Invocations.Select(i => Path.GetFileName(i.FileName) == "bwrap"
        ? i.Arguments[i.Arguments.ToList().IndexOf("--") + 1]
        : Path.GetFileName(i.FileName));

    public Task<ProcessResult> RunAsync(ProcessInvocation invocation, CancellationToken cancellationToken)
    {
        Invocations.Enqueue(invocation);
        return _inner.RunAsync(invocation, cancellationToken);
    }
}
