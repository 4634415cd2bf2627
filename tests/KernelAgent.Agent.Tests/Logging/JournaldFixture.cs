namespace KernelAgent.Agent.Tests.Logging;

/// <summary>
/// A real systemd-journald for the tests: the one at KA_TEST_JOURNAL_DIR when the test script started it,
/// otherwise one this fixture starts and stops with scripts/journald/start.sh and stop.sh.
/// </summary>
public sealed class JournaldFixture : IAsyncLifetime
{
    public const string DirectoryVariable = "KA_TEST_JOURNAL_DIR";

    private static readonly TimeSpan s_scriptTimeout = TimeSpan.FromSeconds(30);
    private string? _startedDirectory;
    private string? _scripts;

    /// <summary>The journald directory: socket under run/systemd/journal, journal files under run/log/journal.</summary>
    public string Directory { get; private set; } = string.Empty;

    /// <summary>Why there is no journald; null when there is one.</summary>
    public string? Unavailable { get; private set; }

    public string SocketPath => Path.Combine(Directory, "run", "systemd", "journal", "socket");

    public string JournalDirectory => Path.Combine(Directory, "run", "log", "journal");

    /// <summary>scripts/journald/stdout-exec.py: runs a command with its output on this journald, as a unit's.</summary>
    public static string? StdoutExec => FindScripts() is { } scripts ? Path.Combine(scripts, "stdout-exec.py") : null;

    public async ValueTask InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(given))
        {
            Directory = given;
            Unavailable = File.Exists(SocketPath) ? null : $"{DirectoryVariable}={given} has no journald socket at {SocketPath}.";
            return;
        }

        _scripts = FindScripts();
        if (_scripts is null)
        {
            Unavailable = "scripts/journald/start.sh not found above the test directory.";
            return;
        }

        _startedDirectory = System.IO.Directory.CreateTempSubdirectory("ka-journald-").FullName;
        Directory = _startedDirectory;
        var (exitCode, output) = await RunScriptAsync("start.sh", _startedDirectory);
        Unavailable = exitCode == 0 ? null : $"scripts/journald/start.sh failed ({exitCode}): {output}";
    }

    public async ValueTask DisposeAsync()
    {
        if (_startedDirectory is null)
        {
            return;
        }

        await RunScriptAsync("stop.sh", _startedDirectory);
        System.IO.Directory.Delete(_startedDirectory, recursive: true);
    }

    public void RequireJournald()
    {
        if (Unavailable is not null)
        {
            MissingComponent.SkipOrFail($"No systemd-journald to test against: {Unavailable}");
        }
    }

    private async Task<(int ExitCode, string Output)> RunScriptAsync(string script, string directory)
    {
        try
        {
            using var timeout = new CancellationTokenSource(s_scriptTimeout);
            var (exitCode, output, errors) = await ExternalTool.RunAsync(Path.Combine(_scripts!, script), [directory], timeout.Token);
            return (exitCode, (output + errors).Trim());
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return (-1, $"{script}: {e.Message}");
        }
    }

    private static string? FindScripts()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var scripts = Path.Combine(directory.FullName, "scripts", "journald");
            if (File.Exists(Path.Combine(scripts, "start.sh")))
            {
                return scripts;
            }
        }

        return null;
    }
}
