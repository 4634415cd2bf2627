using System.Diagnostics;
using System.Globalization;
using System.Text;
using KernelAgent.Agent.Tests.TestSupport;

namespace KernelAgent.Agent.Tests.Demand;

/// <summary>
/// The real <c>kernel-buildfarm</c> (the farm project's own build output, built before these tests) run as child
/// processes: <c>serve</c> on loopback ports with its own state folder (its store is <c>&lt;state&gt;/store</c>), and
/// one-shot verbs such as <c>matrix plan</c> against the same configuration and state.
/// </summary>
internal sealed class FarmServeProcess : IAsyncDisposable
{
    private readonly Process _serve;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private FarmServeProcess(Process serve, string configFile, string stateDirectory, int grpcPort)
    {
        _serve = serve;
        ConfigFile = configFile;
        StateDirectory = stateDirectory;
        Address = $"http://127.0.0.1:{grpcPort.ToString(CultureInfo.InvariantCulture)}";
    }

    public string ConfigFile { get; }

    public string StateDirectory { get; }

    /// <summary>The gRPC address agents dial, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Address { get; }

    public string StoreDirectory => Path.Join(StateDirectory, "store");

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The farm assembly of the same configuration as these tests, found from the repository root.</summary>
    public static string Assembly
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory);  // .../tests/X/bin/<Configuration>/<tfm>/
            var (framework, configuration) = (output.Name, output.Parent!.Name);
            for (var root = output; root is not null; root = root.Parent)
            {
                if (File.Exists(Path.Join(root.FullName, "KernelAgent.sln")))
                {
                    return Path.Join(root.FullName, "buildfarm", "bin", configuration, framework, "kernel-buildfarm.dll");
                }
            }

            throw new InvalidOperationException($"no KernelAgent.sln above {AppContext.BaseDirectory}");
        }
    }

    public static async Task<FarmServeProcess> StartAsync(string configFile, string stateDirectory)
    {
        var (grpcPort, httpPort) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        var serve = Start(
            ["serve", "--config", configFile, "--state-dir", stateDirectory, "--listen", $"127.0.0.1:{grpcPort}", "--http-listen", $"127.0.0.1:{httpPort}"]);
        var farm = new FarmServeProcess(serve, configFile, stateDirectory, grpcPort);
        serve.OutputDataReceived += (_, e) => farm.Keep(e.Data);
        serve.ErrorDataReceived += (_, e) => farm.Keep(e.Data);
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        await farm.WaitUntilListeningAsync(grpcPort);
        return farm;
    }

    /// <summary>Runs a one-shot verb with this farm's configuration and state; returns its exit code and standard output.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        using var process = Start([.. arguments, "--config", ConfigFile, "--state-dir", StateDirectory]);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>SIGTERM, as systemd stops it: the farm writes the demand it still holds and exits.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_serve.HasExited)
        {
            using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _serve.Id.ToString(CultureInfo.InvariantCulture) } })!)
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(25));
            try
            {
                await _serve.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _serve.Kill(entireProcessTree: true);
            }
        }

        _serve.Dispose();
    }

    private static Process Start(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test's environment may carry the machine's farm settings; they are not this farm's.
        foreach (var name in start.Environment.Keys.Where(n => n.StartsWith("KERNEL_BUILDFARM_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var listening = LoopbackPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(90), CancellationToken.None);
        if (await Task.WhenAny(listening, _serve.WaitForExitAsync()) != listening)
        {
            throw new InvalidOperationException($"kernel-buildfarm serve exited with {_serve.ExitCode}:\n{Output}");
        }

        if (!await listening)
        {
            throw new InvalidOperationException($"kernel-buildfarm serve did not listen on 127.0.0.1:{port} within 90 s:\n{Output}");
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_gate)
            {
                _output.AppendLine(line);
            }
        }
    }
}
