using System.ComponentModel;
using System.Diagnostics;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// Runs <c>depmod -a [-b &lt;host root&gt;] &lt;release&gt;</c> (depmod(8)), which rebuilds modules.dep and its
/// companions for that kernel, so that <c>modprobe &lt;name&gt;</c> finds a module under <c>extra/</c>.
/// </summary>
internal sealed class DepmodRunner
{
    /// <summary>Lines of depmod's error output quoted in an exception; depmod says what matters first.</summary>
    private const int QuotedErrorLines = 10;

    private readonly string _depmodPath;
    private readonly TimeSpan _timeout;

    public DepmodRunner(string depmodPath, TimeSpan timeout)
    {
        _depmodPath = depmodPath;
        _timeout = timeout;
    }

    /// <summary>Runs depmod and returns its error output (warnings) when it succeeded.</summary>
    /// <exception cref="ModuleInstallException">depmod is missing, failed, or did not finish within the timeout.</exception>
    public async Task<string> RunAsync(string hostRoot, string moduleName, string release, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_depmodPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        start.ArgumentList.Add("-a");
        if (Path.TrimEndingDirectorySeparator(hostRoot) != "/")
        {
            // -b makes depmod read and write <root>/lib/modules/<release> instead of the running system's.
            start.ArgumentList.Add("-b");
            start.ArgumentList.Add(hostRoot);
        }

        start.ArgumentList.Add(release);
        var command = $"{_depmodPath} {string.Join(' ', start.ArgumentList)}";

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ModuleInstallException(moduleName, release,
                $"cannot run '{command}': {e.Message}. depmod comes with the kmod package; install it, or set the depmod path " +
                "in the agent's configuration", e);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            await Task.WhenAll(output, errors);
        }
        catch (OperationCanceledException e)
        {
            StopQuietly(process);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new ModuleInstallException(moduleName, release,
                $"'{command}' did not finish within {_timeout.TotalSeconds:0.#} s and was stopped", e);
        }

        var errorText = (await errors).Trim();
        if (process.ExitCode != 0)
        {
            var quoted = string.Join(" | ", errorText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(QuotedErrorLines));
            throw new ModuleInstallException(moduleName, release,
                $"'{command}' failed with exit code {process.ExitCode}: {(quoted.Length == 0 ? "no error output" : quoted)}");
        }

        return errorText;
    }

    private static void StopQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill: nothing left to stop.
        }
    }
}
