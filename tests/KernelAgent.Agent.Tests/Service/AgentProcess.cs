using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>
/// The built <c>kernel-agent</c> running as a child of the test, the way a service manager starts it. The binary is
/// the one KA_TEST_AGENT_BINARY names, else the NativeAOT agent the packages ship (KA_TEST_AGENT_PUBLISH_DIR, set by
/// scripts/test.sh), else the apphost built beside the tests: trimming and AOT bugs show only in the shipped binary.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    public const string BinaryVariable = "KA_TEST_AGENT_BINARY";
    public const string PublishDirectoryVariable = "KA_TEST_AGENT_PUBLISH_DIR";

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
    /// KA_TEST_AGENT_BINARY, else the published agent for this machine's architecture, else the agent project's own
    /// build output for this configuration. The copy beside the tests cannot run: the tests' ASP.NET Core framework
    /// reference leaves the agent's extension packages out of it.
    /// </summary>
    public static string Binary
    {
        get
        {
            if (Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } binary)
            {
                return binary;
            }

            if (Published() is { } published)
            {
                return published;
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

    /// <summary>
    /// packaging/build.sh's agent-&lt;arch&gt;/ under KA_TEST_AGENT_PUBLISH_DIR, when it holds a complete publish (the
    /// binary and the libsodium.so it loads): a half-built folder falls back to the apphost rather than failing
    /// every test on a packaging problem the packaging tests report.
    /// </summary>
    private static string? Published()
    {
        var folder = Environment.GetEnvironmentVariable(PublishDirectoryVariable);
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            _ => null,
        };
        if (string.IsNullOrEmpty(folder) || arch is null)
        {
            return null;
        }

        var agent = Path.Join(folder, "agent-" + arch);
        var binary = Path.Join(agent, "kernel-agent");
        return File.Exists(binary) && File.Exists(Path.Join(agent, "libsodium.so")) ? binary : null;
    }

    public static AgentProcess Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment) =>
        StartUnder([], arguments, environment);

    /// <summary>
    /// Starts the agent through <paramref name="launcher"/> (a program and its arguments that execs the agent's binary
    /// and arguments appended to it, e.g. one that connects the output to journald first); empty starts it directly.
    /// </summary>
    public static AgentProcess StartUnder(
        IReadOnlyList<string> launcher, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        return Launch([.. launcher, Binary, .. arguments], environment);
    }

    /// <summary>Starts a given agent binary (e.g. a copy placed elsewhere) with no extra environment.</summary>
    public static AgentProcess StartBinary(string binary, IReadOnlyList<string> arguments) =>
        Launch([binary, .. arguments], new Dictionary<string, string?>());

    private static AgentProcess Launch(IReadOnlyList<string> command, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // The test's own environment may come from a systemd unit or a journal-connected shell, and may carry
        // configuration overrides: none of that is the child's.
        string[] systemd = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "INVOCATION_ID", "JOURNAL_STREAM", "LISTEN_PID", "LISTEN_FDS"];
        var inherited = start.Environment.Keys
            .Where(name => systemd.Contains(name) || name.StartsWith(KernelAgent.Agent.Service.AgentHost.EnvironmentPrefix, StringComparison.Ordinal))
            .ToList();
        foreach (var name in inherited)
        {
            start.Environment.Remove(name);
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
