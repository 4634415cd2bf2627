using KernelAgent.BuildFarm.Compilation;

namespace KernelAgent.BuildFarm.Tests.Compilation;

/// <summary>Answers process runs from a script instead of running programs; remembers every invocation.</summary>
internal sealed class ScriptedProcessRunner(Func<ProcessInvocation, (int ExitCode, string[] Lines)> script) : IProcessRunner
{
    public List<ProcessInvocation> Invocations { get; } = [];

    public Task<ProcessResult> RunAsync(ProcessInvocation invocation, CancellationToken cancellationToken)
    {
        Invocations.Add(invocation);
        var (exitCode, lines) = script(invocation);
        foreach (var line in lines)
        {
            invocation.OnOutputLine?.Invoke(line);
        }

        var text = string.Concat(lines.Select(l => l + "\n"));
        return Task.FromResult(new ProcessResult(exitCode, false, text, "", lines, TimeSpan.FromMilliseconds(1)));
    }
}
