using System.Globalization;
using System.Text.RegularExpressions;
using KernelAgent.Packaging.Tests.Deb;

namespace KernelAgent.Packaging.Tests.Units;

/// <summary>
/// systemd-analyze on the units as the .debs install them: both packages in a throwaway root, plus the host's
/// own system units (targets the units order against), so verify checks the binaries exactly where the units
/// point. No running systemd is needed.
/// </summary>
[Collection(PackageBuildGroup.Name)]
[Trait("Category", "Integration")]
public sealed partial class SystemdAnalyzeTests(PackageBuild build) : IDisposable
{
    /// <summary>The exposure docs/security.md promises for kernel-agent.service; raise it only with a reason there.</summary>
    private const double AgentExposureLimit = 2.5;

    private const string HostUnits = "/usr/lib/systemd/system";
    private static readonly TimeSpan AnalyzeTimeout = TimeSpan.FromMinutes(2);

    private readonly DebRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("kernel-agent.service")]
    [InlineData("kernel-buildfarm.service")]
    [InlineData("kernel-buildfarm-worker.service")]
    [InlineData("kernel-agent-wait.service")]
    [InlineData("kernel-agent-module.target")]
    public async Task Verify_InstalledUnit_PassesWithBinariesAndManPagesInPlace(string unit)
    {
        await InstallBothAsync();

        var verify = await AnalyzeAsync("verify", $"--root={_root.Path}", unit);

        Assert.True(verify.ExitCode == 0 && verify.Output.Length == 0 && verify.Errors.Length == 0, verify.Transcript);
    }

    [Fact]
    public async Task Security_AgentUnit_ExposureIsLowAndTheOneInDocsSecurityMd()
    {
        await InstallBothAsync();

        var security = await AnalyzeAsync("security", "--offline=true", $"--root={_root.Path}", "kernel-agent.service");
        var match = OverallExposure().Match(security.Output);
        var docs = await File.ReadAllTextAsync(RepositoryPaths.Join("docs", "security.md"), TestContext.Current.CancellationToken);

        Assert.True(match.Success, security.Transcript);
        var exposure = double.Parse(match.Groups["score"].Value, CultureInfo.InvariantCulture);
        Assert.True(exposure <= AgentExposureLimit, security.Transcript);
        Assert.Contains($"Overall exposure level for kernel-agent.service: {match.Groups["score"].Value}", docs);
    }

    private async Task InstallBothAsync()
    {
        build.RequireBuilt();
        await _root.InstallAsync(build.Deb(PackageBuild.Agent, "amd64"));
        await _root.InstallAsync(build.Deb(PackageBuild.Farm, "amd64"));
        if (!Directory.Exists(HostUnits))
        {
            MissingComponent.SkipOrFail($"{HostUnits} is missing (Debian package systemd): verify needs the standard targets");
        }

        foreach (var unit in Directory.EnumerateFileSystemEntries(HostUnits))
        {
            var target = _root.Join($"usr/lib/systemd/system/{Path.GetFileName(unit)}");
            if (!Path.Exists(target) && File.Exists(unit))
            {
                File.Copy(unit, target);
            }
        }
    }

    private Task<CommandResult> AnalyzeAsync(params string[] arguments) =>
        CommandRunner.RunRequiredAsync(
            "systemd-analyze", "systemd", arguments, AnalyzeTimeout,
            new Dictionary<string, string> { ["MANPATH"] = _root.Join("usr/share/man"), ["SYSTEMD_COLORS"] = "0" });

    [GeneratedRegex(@"Overall exposure level for kernel-agent\.service: (?<score>\d+\.\d)")]
    private static partial Regex OverallExposure();
}
