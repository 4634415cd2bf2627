using System.Text.Json.Nodes;
using KernelAgent.Agent.Cli;
using KernelAgent.Agent.Service;
using KernelAgent.Agent.Tests.Service;

namespace KernelAgent.Agent.Tests.Cli;

/// <summary><c>kernel-agent status</c> in process, against a sandboxed host root and directory store.</summary>
public sealed class StatusCommandTests : IDisposable
{
    private readonly AgentSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Status_BadConfig_PrintsEveryErrorAtOnceAndExitsTwo()
    {
        var config = _sandbox.WriteConfig(new JsonObject { ["DriverName"] = "", ["RetryInterval"] = "-00:05:00" });

        var (exit, output, error) = Run("status", "--config", config);

        Assert.Equal(PassOutcomes.ConfigurationExitCode, exit);
        Assert.Empty(output);
        Assert.StartsWith("kernel-agent: invalid configuration:", error, StringComparison.Ordinal);
        Assert.Contains("Agent:DriverName and Agent:DriverVersion are required", error, StringComparison.Ordinal);
        Assert.Contains("Agent:RetryInterval must be positive", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_HostRootWithoutProc_SaysLoadedUnknownAndStillShowsTheLastPass()
    {
        await _sandbox.PublishAsync();
        var config = _sandbox.WriteConfig();
        Assert.Equal(0, Run("once", "--config", config).Exit);

        var (exit, output, error) = Run("status", "--config", config);

        Assert.Equal(1, exit);
        Assert.Empty(error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"loaded      unknown: {_sandbox.Join("host", "proc", "modules")}: cannot read the list of loaded modules", lines[1], StringComparison.Ordinal);
        Assert.Contains("verified: verified kagent_sample from store", lines[^1], StringComparison.Ordinal);
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = AgentCommandLine.Build().Parse(args).Invoke(new() { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
