using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace KernelAgent.BuildFarm.Tests.ScaleOut;

/// <summary>One nats-server process (Debian package nats-server) on 127.0.0.1, with its own store folder; killed on dispose.</summary>
internal sealed class NatsServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);
    private static readonly string[] Executables = ["/usr/sbin/nats-server", "/usr/bin/nats-server"];

    private readonly StringBuilder _log = new();
    private readonly Process _server;
    private readonly string _storeDir;

    private NatsServerProcess(Process server, string storeDir, int port)
    {
        _server = server;
        _storeDir = storeDir;
        Url = $"nats://127.0.0.1:{port}";
        _server.ErrorDataReceived += (_, e) => Append(e.Data);
        _server.OutputDataReceived += (_, e) => Append(e.Data);
        _server.BeginErrorReadLine();
        _server.BeginOutputReadLine();
    }

    /// <summary>The installed nats-server, or null.</summary>
    public static string? Executable => Executables.FirstOrDefault(File.Exists);

    public string Url { get; }

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

    /// <summary>Starts nats-server with JetStream on <paramref name="port"/> plus <paramref name="extra"/> arguments, and waits until it listens.</summary>
    public static async Task<NatsServerProcess> StartAsync(string name, int port, params string[] extra)
    {
        var storeDir = Directory.CreateTempSubdirectory("ka-nats-").FullName;
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("nats-server is not installed"))
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        string[] arguments = ["-js", "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", storeDir, "-n", name, .. extra];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var server = new NatsServerProcess(Process.Start(start) ?? throw new InvalidOperationException("nats-server did not start"), storeDir, port);
        var clock = Stopwatch.StartNew();
        while (!await AcceptsAsync(port))
        {
            if (server._server.HasExited || clock.Elapsed > StartDeadline)
            {
                var log = server.Log;
                await server.DisposeAsync();
                throw new InvalidOperationException($"nats-server did not listen on 127.0.0.1:{port} within {StartDeadline}:\n{log}");
            }

            await Task.Delay(50);
        }

        return server;
    }

    /// <summary>Kills the server at once (SIGKILL), as a lost node.</summary>
    public async Task KillAsync()
    {
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
        }

        await _server.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _server.Dispose();
        Directory.Delete(_storeDir, recursive: true);
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
