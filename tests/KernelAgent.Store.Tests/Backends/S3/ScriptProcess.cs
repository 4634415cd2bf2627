using System.Diagnostics;

namespace KernelAgent.Store.Tests.Backends.S3;

/// <summary>Runs a helper script with its arguments as a list (no shell) and a deadline.</summary>
public static class ScriptProcess
{
    public sealed record Result(int ExitCode, string Output, string Errors);

    public static async Task<Result> RunAsync(string script, IEnumerable<string> arguments, TimeSpan deadline)
    {
        var start = new ProcessStartInfo(script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {script}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new Result(-1, await output, $"{await errors}\n{script} did not finish within {deadline.TotalSeconds} s");
        }

        return new Result(process.ExitCode, await output, await errors);
    }
}
