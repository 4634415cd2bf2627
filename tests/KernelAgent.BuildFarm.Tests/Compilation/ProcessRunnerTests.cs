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

    /// <summary>
    /// The sandbox's --die-with-parent (PR_SET_PDEATHSIG) follows the thread that forked: a build started from a
    /// thread that then ends (as the thread pool retires idle threads) must live on. setpriv sets the same signal.
    /// </summary>
    [Fact]
    public async Task RunAsync_CallingThreadEndsWhileTheProgramRuns_ProgramWithParentDeathSignalIsNotKilled()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/setpriv"), "setpriv (util-linux) is not installed");
        using var ready = new ManualResetEventSlim();
        var invocation = new ProcessInvocation("setpriv", ["--pdeathsig", "KILL", "--", "sh", "-c", "echo ready; sleep 1; echo alive"], TimeSpan.FromSeconds(30))
        {
            OnOutputLine = line => ready.Set(),
        };
        Task<ProcessResult>? running = null;

        // The caller ends only once the signal is armed (setpriv has exec'd sh), as a pool thread retires mid-build.
        var caller = new Thread(() =>
        {
            running = _runner.RunAsync(invocation, TestContext.Current.CancellationToken);
            ready.Wait(TimeSpan.FromSeconds(20));
        });
        caller.Start();
        caller.Join();

        var result = await running!;

        Assert.True(result.Succeeded, $"exit {result.ExitCode}: {result.Tail(5)}");
        Assert.Equal("alive", result.Tail(1));
    }

    [Fact]
    public async Task RunAsync_InputWriterAndOutputReader_PassRawBytesThroughTheProgram()
    {
        var sent = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        using var received = new MemoryStream();
        var invocation = new ProcessInvocation("cat", [], TimeSpan.FromSeconds(30))
        {
            WriteStandardInput = (input, token) => input.WriteAsync(sent, token).AsTask(),
            ReadStandardOutput = (output, token) => output.CopyToAsync(received, token),
        };

        var result = await _runner.RunAsync(invocation, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Tail(5));
        Assert.Equal(sent, received.ToArray());
    }

    [Fact]
    public async Task RunAsync_ProgramExitsBeforeReadingItsInput_ReportsTheExitCode()
    {
        var invocation = new ProcessInvocation("sh", ["-c", "exit 3"], TimeSpan.FromSeconds(30))
        {
            WriteStandardInput = async (input, token) =>
            {
                var chunk = new byte[65536];
                for (var i = 0; i < 1000; i++)
                {
                    await input.WriteAsync(chunk, token);
                }
            },
        };

        var result = await _runner.RunAsync(invocation, TestContext.Current.CancellationToken);

        Assert.Equal(3, result.ExitCode);
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
