using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Hosting;

namespace KernelAgent.BuildFarm.Tests.Interop;

/// <summary>
/// <c>kernel-buildfarm serve</c> as a child process (the build output's own kernel-buildfarm.dll, the embedded default
/// with the bundled sample driver), on loopback ports, with the shared headers cache; stopped with SIGTERM.
/// </summary>
public sealed class FarmProcess : IAsyncLifetime
{
    private readonly ScratchDirectory _state = new("farm-process");
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    /// <summary>The gRPC address as clients dial it, e.g. "127.0.0.1:41234".</summary>
    public string Address { get; private set; } = "";

    /// <summary>What the farm printed so far (for failure messages).</summary>
    public string Output => string.Join('\n', _output);

    public async ValueTask InitializeAsync()
    {
        var configFile = Path.Join(_state.Path, "farm.json");
        var settings = RealFarm.SharedCacheSettings();
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(new
        {
            Headers = new { Cache = new { Directory = settings["Headers:Cache:Directory"] }, Debian = new { AptDirectory = settings["Headers:Debian:AptDirectory"] } },
        }));
        var (grpcPort, httpPort) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        Address = $"127.0.0.1:{grpcPort}";
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Join(AppContext.BaseDirectory, "kernel-buildfarm.dll"), "serve", "--config", configFile, "--state-dir", _state.Path,
            "--listen", Address, "--http-listen", $"127.0.0.1:{httpPort}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilServingAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            // SIGTERM, as systemd stops it: the farm cancels its builds and shuts down on its own.
            await new ProcessRunner(TimeProvider.System).RunAsync(
                new ProcessInvocation("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10)), CancellationToken.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(25));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process?.Dispose();
        _state.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        using var channel = GrpcChannel.ForAddress("http://" + Address);
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"kernel-buildfarm serve exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                var response = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"kernel-buildfarm serve did not answer health checks on {Address}:\n{Output}");
            }

            await Task.Delay(200);
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
