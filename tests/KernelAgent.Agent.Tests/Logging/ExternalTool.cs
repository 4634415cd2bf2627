using System.ComponentModel;
using System.Diagnostics;

namespace KernelAgent.Agent.Tests.Logging;

/// <summary>Runs a command-line tool (no shell) and collects what it printed.</summary>
internal static class ExternalTool
{
    /// <exception cref="Win32Exception">The tool is not installed or not executable.</exception>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Runs a tool an integration test needs; skips (or fails under CI) when it is not installed.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunRequiredAsync(
        string fileName, string package, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(fileName, arguments, cancellationToken);
        }
        catch (Win32Exception e)
        {
            MissingComponent.SkipOrFail($"{fileName} cannot run (install the Debian package {package}): {e.Message}");
            throw;
        }
    }
}
