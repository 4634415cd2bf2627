using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.BuildFarm.Tests.Headers;

namespace KernelAgent.BuildFarm.Tests.ScaleOut;

/// <summary>
/// A real nats-server with JetStream for the scale-out tests (Debian package nats-server): bound to 127.0.0.1 on a
/// free port, with its own store folder, started once per test class and killed (its folder removed) afterwards.
/// </summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);
    private static readonly string[] Executables = ["/usr/sbin/nats-server", "/usr/bin/nats-server"];

    private readonly StringBuilder _log = new();
    private Process? _server;
    private string? _storeDir;
    private string? _missing;

    /// <summary>The client URL (nats://127.0.0.1:port).</summary>
    public string Url { get; private set; } = "nats://127.0.0.1:1";

    /// <summary>What the server printed so far (for a failing test's message).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Skips the test (fails it in CI) when nats-server is not installed.</summary>
    public void EnsureServing() => IntegrationRequirement.Require(_missing is null, _missing ?? string.Empty);

    public async ValueTask InitializeAsync()
    {
        var executable = Executables.FirstOrDefault(File.Exists);
        if (executable is null)
        {
            _missing = "nats-server is not installed (Debian package nats-server)";
            return;
        }

        _storeDir = Directory.CreateTempSubdirectory("ka-nats-").FullName;
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        string[] arguments = ["-js", "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-sd", _storeDir, "-n", "ka-test"];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start) ?? throw new InvalidOperationException("nats-server did not start");
        _server.ErrorDataReceived += (_, e) => Append(e.Data);
        _server.OutputDataReceived += (_, e) => Append(e.Data);
        _server.BeginErrorReadLine();
        _server.BeginOutputReadLine();
        Url = $"nats://127.0.0.1:{port}";
        var clock = Stopwatch.StartNew();
        while (!await AcceptsAsync(port))
        {
            if (_server.HasExited || clock.Elapsed > StartDeadline)
            {
                throw new InvalidOperationException($"nats-server did not listen on 127.0.0.1:{port} within {StartDeadline}:\n{Log}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            if (!_server.HasExited)
            {
                _server.Kill(entireProcessTree: true);
            }

            await _server.WaitForExitAsync();
            _server.Dispose();
        }

        if (_storeDir is not null)
        {
            Directory.Delete(_storeDir, recursive: true);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
