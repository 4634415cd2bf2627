using System.ComponentModel;
using System.Diagnostics;

namespace KernelAgent.Packaging.Tests;

/// <summary>Runs a command-line tool (arguments as a list, never a shell string) with a time limit.</summary>
internal static class CommandRunner
{
    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var command = $"{fileName} {string.Join(' ', start.ArgumentList)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var errors = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {timeout}");
        }

        return new CommandResult(command, process.ExitCode, await output, await errors);
    }

    /// <summary>Runs a tool a test needs; fails under CI and skips elsewhere when it is not installed.</summary>
    public static async Task<CommandResult> RunRequiredAsync(
        string fileName,
        string debianPackage,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        try
        {
            return await RunAsync(fileName, arguments, timeout, environment, TestContext.Current.CancellationToken);
        }
        catch (Win32Exception e)
        {
            MissingComponent.SkipOrFail($"{fileName} cannot run (Debian package {debianPackage}): {e.Message}");
            throw;
        }
    }
}
