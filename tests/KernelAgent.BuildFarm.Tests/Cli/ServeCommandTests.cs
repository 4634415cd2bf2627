using KernelAgent.Agent.Tests.TestSupport;
using System.Diagnostics;
using KernelAgent.BuildFarm.Cli;
using KernelAgent.BuildFarm.Tests.Hosting;

namespace KernelAgent.BuildFarm.Tests.Cli;

public sealed class ServeCommandTests : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(60);
    private readonly string _stateDir = Directory.CreateTempSubdirectory("ka-serve-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public void ConfigurationFor_Serve_LeavesTerminationSignalsToTheHost()
    {
        Assert.Null(FarmCommandLine.ConfigurationFor("serve").ProcessTerminationTimeout);
        Assert.NotNull(FarmCommandLine.ConfigurationFor("keys").ProcessTerminationTimeout);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Serve_Sigterm_StopsCleanlyWithExitZero()
    {
        var grpcPort = LoopbackPorts.Free();
        var httpPort = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Join(AppContext.BaseDirectory, "kernel-buildfarm.dll"), "serve", "--state-dir", _stateDir,
            "--listen", $"127.0.0.1:{grpcPort}", "--http-listen", $"127.0.0.1:{httpPort}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var farm = Process.Start(start)!;
        var output = farm.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = farm.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            await WaitUntilListeningAsync(farm, httpPort);

            using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", farm.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!)
            {
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            using var stopTimeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            stopTimeout.CancelAfter(s_stopTimeout);
            await farm.WaitForExitAsync(stopTimeout.Token);
            Assert.True(farm.ExitCode == 0, $"exit {farm.ExitCode}; output:\n{await output}\n{await errors}");
        }
        finally
        {
            if (!farm.HasExited)
            {
                farm.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task WaitUntilListeningAsync(Process farm, int port)
    {
        var token = TestContext.Current.CancellationToken;
        var listening = LoopbackPorts.WaitUntilListeningAsync(port, s_startTimeout, token);
        Assert.True(await Task.WhenAny(listening, farm.WaitForExitAsync(token)) == listening,
            $"the farm exited with {(farm.HasExited ? farm.ExitCode : 0)} before listening");
        Assert.True(await listening, $"the farm did not listen on 127.0.0.1:{port} within {s_startTimeout}");
    }
}
