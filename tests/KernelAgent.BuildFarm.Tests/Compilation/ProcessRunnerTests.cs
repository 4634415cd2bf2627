using KernelAgent.BuildFarm.Compilation;

namespace KernelAgent.BuildFarm.Tests.Compilation;

public sealed class ProcessRunnerTests
{
    private readonly ProcessRunner _runner = new(TimeProvider.System);

    [Fact]
    public async Task RunAsync_ProgramPrintingLines_StreamsEachLineInOrder()
    {
        var streamed = new List<string>();
        var invocation = new ProcessInvocation("seq", ["1", "500"], TimeSpan.FromSeconds(30)) { OnOutputLine = streamed.Add };

        var result = await _runner.RunAsync(invocation, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.Equal(Enumerable.Range(1, 500).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), streamed);
        Assert.Equal("498\n499\n500", result.Tail(3));
    }

    [Fact]
    public async Task RunAsync_ProgramOutlivingTimeout_IsKilledAndReportedAsTimedOut()
    {
        var invocation = new ProcessInvocation("sleep", ["30"], TimeSpan.FromMilliseconds(200));

        var result = await _runner.RunAsync(invocation, TestContext.Current.CancellationToken);

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.True(result.Duration < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_UnknownProgram_ThrowsExternalToolExceptionNamingIt()
    {
        var invocation = new ProcessInvocation("kernelagent-no-such-program", [], TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<ExternalToolException>(() => _runner.RunAsync(invocation, TestContext.Current.CancellationToken));

        Assert.Equal("kernelagent-no-such-program", error.Tool);
    }

    [Fact]
    public async Task RunAsync_WithoutInheritedEnvironment_SeesOnlyGivenVariables()
    {
        var invocation = new ProcessInvocation("/usr/bin/env", [], TimeSpan.FromSeconds(5))
        {
            Environment = new Dictionary<string, string> { ["ONLY"] = "this" },
            InheritEnvironment = false,
        };

        var result = await _runner.RunAsync(invocation, TestContext.Current.CancellationToken);

        Assert.Equal(["ONLY=this"], result.OutputLines);
    }
}
