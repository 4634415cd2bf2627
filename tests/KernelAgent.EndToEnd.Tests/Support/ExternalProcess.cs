using System.ComponentModel;
using System.Diagnostics;

namespace KernelAgent.EndToEnd.Tests.Support;

/// <summary>Runs a program (no shell: arguments go through ArgumentList) with a timeout and collects its output.</summary>
internal static class ExternalProcess
{
    /// <exception cref="EndToEndSetupException">The program cannot start or does not finish within <paramref name="timeout"/>.</exception>
    public static async Task<ProcessOutcome> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var command = $"{fileName} {string.Join(' ', start.ArgumentList)}";
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new EndToEndSetupException($"cannot run '{command}': {e.Message}", e);
        }

        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var errors = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            return new ProcessOutcome(command, process.ExitCode, await output, await errors);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new EndToEndSetupException($"'{command}' did not finish within {timeout}", e);
        }
    }

    /// <summary>Runs the program and returns its standard output; a non-zero exit becomes an exception quoting its errors.</summary>
    public static async Task<string> RunCheckedAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var outcome = await RunAsync(fileName, arguments, timeout, cancellationToken, environment);
        return outcome.ExitCode == 0
            ? outcome.StandardOutput
            : throw new EndToEndSetupException($"'{outcome.Command}' failed with exit code {outcome.ExitCode}:\n{outcome.ErrorTail()}");
    }

    /// <summary>Whether a program is on PATH (or is an existing absolute path).</summary>
    public static bool IsInstalled(string program) =>
        Path.IsPathRooted(program)
            ? File.Exists(program)
            : (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
                .Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Append("/usr/sbin").Append("/sbin")
                .Any(folder => File.Exists(Path.Join(folder, program)));
}
