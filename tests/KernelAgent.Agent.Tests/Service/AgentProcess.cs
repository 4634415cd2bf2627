using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>
/// The built <c>kernel-agent</c> running as a child of the test, the way a service manager starts it. The binary is
/// the apphost built beside the tests, or the one KERNEL_AGENT_BINARY names (e.g. the NativeAOT publish).
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    public const string BinaryVariable = "KERNEL_AGENT_BINARY";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private AgentProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    /// <summary>stdout and stderr so far, interleaved as read.</summary>
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

    /// <summary>
    /// KERNEL_AGENT_BINARY, else the agent project's own build output for this configuration. The copy beside the
    /// tests cannot run: the tests' ASP.NET Core framework reference leaves the agent's extension packages out of it.
    /// </summary>
    public static string Binary
    {
        get
        {
            if (Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } binary)
            {
                return binary;
            }

            var output = new DirectoryInfo(AppContext.BaseDirectory);  // .../tests/X/bin/<Configuration>/<tfm>/
            var (framework, configuration) = (output.Name, output.Parent!.Name);
            var root = output;
            while (root is not null && !File.Exists(Path.Join(root.FullName, "KernelAgent.sln")))
            {
                root = root.Parent;
            }

            return root is null
                ? Path.Join(AppContext.BaseDirectory, "kernel-agent")
                : Path.Join(root.FullName, "agent", "bin", configuration, framework, "kernel-agent");
        }
    }

    public static AgentProcess Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test's own environment may come from a systemd unit or a journal-connected shell: none of that is the child's.
        foreach (var inherited in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "INVOCATION_ID", "JOURNAL_STREAM", "LISTEN_PID", "LISTEN_FDS" })
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var agent = new AgentProcess(new Process { StartInfo = start });
        agent._process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        agent._process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        agent._process.Start();
        agent._process.BeginOutputReadLine();
        agent._process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>Sends SIGTERM, as systemctl stop does.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Id.ToString(CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The exit code once the process ended; fails when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"kernel-agent (pid {Id}) still runs {timeout} after SIGTERM; output:\n{Output}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
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
