using KernelAgent.Agent.Cli;
using KernelAgent.Agent.Service;
using KernelAgent.Agent.Tests.Resolution;
using KernelAgent.Agent.Tests.Service;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Tests.Cli;

/// <summary><c>kernel-agent wait</c> in process, against a sandboxed host root (its proc/modules and sys/module) and state folder.</summary>
public sealed class WaitCommandTests : IDisposable
{
    private readonly AgentSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Wait_NothingRecordedTimeoutZero_ExitsOneWithTheReason()
    {
        var (exit, output, error) = Wait("--config", _sandbox.WriteConfig(), "--timeout", "0");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.StartsWith("kernel-agent: not loaded after 0 s: the agent has not finished a pass yet", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Wait_LastPassRefused_ExitsWithTheRefusedCode()
    {
        Record(PassOutcome.Refused, "vermagic mismatch");

        var (exit, _, error) = Wait("--config", _sandbox.WriteConfig(), "--timeout", "1");

        Assert.Equal(5, exit);
        Assert.Contains("the agent's last pass: refused: vermagic mismatch", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Wait_LoadedAndLiveInTheKernel_ExitsZeroSayingWhatIsLoaded()
    {
        Record(PassOutcome.Loaded, "loaded kagent_sample (sha256 0123456789abcdef) from store");
        File.WriteAllText(Path.Join(_sandbox.HostRoot, "proc/modules"), $"{TestModules.DriverName} 16384 0 - Live 0xffffffffc0a00000 (OE)\n");

        var (exit, output, error) = Wait("--config", _sandbox.WriteConfig());

        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Equal($"{TestModules.DriverName} is loaded for {_sandbox.Kernel.KernelRelease}: loaded: loaded kagent_sample (sha256 0123456789abcdef) from store", output.Trim());
    }

    [Fact]
    public void Wait_NegativeTimeout_IsRefused()
    {
        var (exit, _, error) = Wait("--config", _sandbox.WriteConfig(), "--timeout", "-1");

        Assert.NotEqual(0, exit);
        Assert.Contains("--timeout must be 0 or more seconds", error, StringComparison.Ordinal);
    }

    private void Record(PassOutcome outcome, string message) =>
        new PassRecordStore(Options.Create(new AgentOptions { StateDirectory = _sandbox.StateDirectory }))
            .Write(new PassResult(outcome, message, _sandbox.Kernel.KernelRelease, _sandbox.Kernel.KernelVersion));

    private static (int Exit, string Output, string Error) Wait(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = AgentCommandLine.Build().Parse(["wait", .. args]).Invoke(new() { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
