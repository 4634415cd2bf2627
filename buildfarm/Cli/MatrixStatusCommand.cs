using System.CommandLine;
using System.Globalization;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Scheduling;
using KernelAgent.BuildFarm.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Cli;

/// <summary>
/// <c>kernel-buildfarm matrix status</c>: what the serving farm's prebuild loop knows, from its status file: every
/// kernel the archives offer that is not covered yet, with the reason (building, failed and why, outside the policy).
/// </summary>
internal static class MatrixStatusCommand
{
    private static readonly string[] Order = [KernelStates.Failed, KernelStates.Building, KernelStates.Unresolved, KernelStates.OutsidePolicy, KernelStates.Covered];

    public static Command Create()
    {
        var farm = new FarmHostOptions();
        var all = new Option<bool>("--all") { Description = "Also list covered kernels, with their publish lag." };
        var command = new Command(
            "status",
            "Print the prebuild loop's view (<state-dir>/matrix/prebuild/status.json): the last tick, then each kernel seen in an archive but " +
            "not covered yet with the reason: building, failed (with the error and the next try), unresolved (build string unknown) or outside policy.")
        {
            all,
        };
        farm.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            string path;
            using (var host = farm.BuildHost(parseResult))
            {
                path = PrebuildStatusFile.PathIn(host.Services.GetRequiredService<IOptions<FarmStateOptions>>().Value.StateDirectory);
            }

            try
            {
                if (PrebuildStatusFile.Load(path) is not { } status)
                {
                    await stderr.WriteLineAsync($"kernel-buildfarm matrix status: no prebuild status at {path} (the loop has not run: set Prebuild:Policy and run serve)");
                    return 1;
                }

                await WriteAsync(stdout, status, parseResult.GetValue(all));
                return 0;
            }
            catch (MatrixDocumentException e)
            {
                await stderr.WriteLineAsync($"kernel-buildfarm matrix status: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    internal static async Task WriteAsync(TextWriter output, PrebuildStatus status, bool all)
    {
        await output.WriteLineAsync($"policy {status.Policy ?? "(none yet)"}; last tick {Time(status.LastTick)}: {status.LastTickOutcome ?? "none"}; {status.Archives.Count} archive(s) checked");
        var counts = status.Kernels.GroupBy(k => k.State).OrderBy(g => Array.IndexOf(Order, g.Key)).Select(g => $"{g.Count()} {g.Key}");
        await output.WriteLineAsync($"{status.Kernels.Count} kernel(s) seen: {string.Join(", ", counts)}");
        foreach (var kernel in status.Kernels.Where(k => all || k.State != KernelStates.Covered).OrderBy(k => Array.IndexOf(Order, k.State)).ThenBy(k => k.Key, StringComparer.Ordinal))
        {
            var detail = kernel.State == KernelStates.Covered
                ? $"lag {(kernel.Baseline ? "unknown (there before the first crawl)" : $"{(kernel.CoveredAt!.Value - kernel.FirstSeen).TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s")}"
                : kernel.Reason;
            await output.WriteLineAsync($"  {kernel.State,-14} {StatusBook.Describe(kernel)}: {detail} (first seen {Time(kernel.FirstSeen)})");
        }
    }

    private static string Time(DateTimeOffset? at) => at?.ToString("u", CultureInfo.InvariantCulture) ?? "never";
}
