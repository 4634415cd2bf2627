using KernelAgent.BuildFarm.Cli;
using KernelAgent.BuildFarm.Matrix.Scheduling;

namespace KernelAgent.BuildFarm.Tests.Cli;

public sealed class MatrixStatusCommandTests
{
    private static readonly DateTimeOffset Seen = new(2026, 12, 7, 21, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task WriteAsync_KernelsInEachState_ListsThoseNotCoveredWithTheirReasonFailedFirst()
    {
        var status = new PrebuildStatus
        {
            Policy = "fleet",
            LastTick = Seen.AddMinutes(5),
            LastTickOutcome = "unchanged",
            Archives = { ["http://archive/dists/bookworm/InRelease"] = "ab" },
            Kernels =
            [
                Kernel("6.1.0-57-amd64", KernelStates.Covered, null, coveredAfter: TimeSpan.FromSeconds(95)),
                Kernel("6.1.0-58-amd64", KernelStates.Building, "1 module(s) queued or building"),
                Kernel("6.1.0-58-rt-amd64", KernelStates.Failed, "kagent_sample 1.0.0: compile: error"),
                Kernel("6.1.0-40-amd64", KernelStates.OutsidePolicy, "policy 'fleet' leaves it out"),
            ],
        };

        using var text = new StringWriter();
        await MatrixStatusCommand.WriteAsync(text, status, all: false);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("policy fleet; last tick 2026-12-07 21:05:00Z: unchanged; 1 archive(s) checked", lines[0], StringComparison.Ordinal);
        Assert.Equal("4 kernel(s) seen: 1 failed, 1 building, 1 outside-policy, 1 covered", lines[1]);
        Assert.Equal(5, lines.Length);
        Assert.Contains("failed         debian 12 x86_64 6.1.0-58-rt-amd64", lines[2], StringComparison.Ordinal);
        Assert.Contains("compile: error", lines[2], StringComparison.Ordinal);
        Assert.Contains("building", lines[3], StringComparison.Ordinal);
        Assert.Contains("outside-policy", lines[4], StringComparison.Ordinal);

        using var all = new StringWriter();
        await MatrixStatusCommand.WriteAsync(all, status, all: true);
        Assert.Contains("covered        debian 12 x86_64 6.1.0-57-amd64 (6.1.192-3): lag 95 s", all.ToString(), StringComparison.Ordinal);
    }

    private static KernelStatus Kernel(string release, string state, string? reason, TimeSpan? coveredAfter = null) => new()
    {
        Key = $"debian 12 x86_64 {release} 6.1.192-3",
        Distro = "debian",
        DistroVersion = "12",
        Arch = "x86_64",
        Release = release,
        PackageVersion = "6.1.192-3",
        FirstSeen = Seen,
        State = state,
        Reason = reason,
        CoveredAt = Seen + coveredAfter,
    };
}
