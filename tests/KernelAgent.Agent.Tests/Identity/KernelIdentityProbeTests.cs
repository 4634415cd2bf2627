using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Logging;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Tests.Identity;

public sealed class KernelIdentityProbeTests
{
    /// <summary>fixture, machine, os-release used, ID, VERSION_ID, uname -r, uname -v, flavour hint.</summary>
    public static TheoryData<string, string, string, string, string, string, string, string?> RealHosts { get; } = new()
    {
        { "debian-12-amd64", "x86_64", "etc/os-release", "debian", "12", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)", "amd64" },
        { "debian-12-cloud-amd64", "x86_64", "etc/os-release", "debian", "12", "6.1.0-56-cloud-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)", "cloud-amd64" },
        { "debian-12-arm64", "aarch64", "etc/os-release", "debian", "12", "6.1.0-56-arm64", "#1 SMP Debian 6.1.192-2 (2026-11-16)", "arm64" },
        { "debian-12-6.12-amd64", "x86_64", "etc/os-release", "debian", "12", "6.12.113+deb12-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.12.113-1~deb12u1 (2026-10-18)", "amd64" },
        { "ubuntu-22.04-generic", "x86_64", "etc/os-release", "ubuntu", "22.04", "5.15.0-105-generic", "#115-Ubuntu SMP Mon Apr 15 09:52:04 UTC 2024", "generic" },
        { "ubuntu-22.04-azure", "x86_64", "etc/os-release", "ubuntu", "22.04", "6.2.0-1015-azure", "#15~22.04.1-Ubuntu SMP Fri Oct  6 13:20:44 UTC 2023", "azure" },
        { "ubuntu-22.04-aws-arm64", "aarch64", "etc/os-release", "ubuntu", "22.04", "6.2.0-1013-aws", "#13~22.04.1-Ubuntu SMP Fri Sep  8 20:05:18 UTC 2023", "aws" },
        { "ubuntu-24.04-generic", "x86_64", "etc/os-release", "ubuntu", "24.04", "6.8.0-31-generic", "#31-Ubuntu SMP PREEMPT_DYNAMIC Sat Apr 20 00:40:06 UTC 2024", "generic" },
        { "ubuntu-24.04-aws", "x86_64", "etc/os-release", "ubuntu", "24.04", "6.8.0-1012-aws", "#13-Ubuntu SMP Mon Jul 15 13:40:27 UTC 2024", "aws" },
        { "rhel-9.4", "x86_64", "etc/os-release", "rhel", "9.4", "5.14.0-427.13.1.el9_4.x86_64", "#1 SMP PREEMPT_DYNAMIC Wed Apr 10 10:29:16 EDT 2024", null },
        { "rocky-9.5", "x86_64", "etc/os-release", "rocky", "9.5", "5.14.0-503.35.1.el9_5.x86_64", "#1 SMP PREEMPT_DYNAMIC Thu Apr 3 12:12:16 UTC 2025", null },
        { "amzn-2023", "x86_64", "etc/os-release", "amzn", "2023", "6.1.66-91.160.amzn2023.x86_64", "#1 SMP PREEMPT_DYNAMIC Wed Dec 13 04:50:24 UTC 2023", null },
        { "fedora-40", "x86_64", "etc/os-release", "fedora", "40", "6.8.5-301.fc40.x86_64", "#1 SMP PREEMPT_DYNAMIC Thu Apr 11 20:00:10 UTC 2024", null },
        { "flatcar-2605", "x86_64", "usr/lib/os-release", "flatcar", "2605.10.0", "5.4.83-flatcar", "#1 SMP Tue Dec 15 18:31:34 -00 2020", "flatcar" },
        { "bottlerocket-1.47", "aarch64", "usr/lib/os-release", "bottlerocket", "1.47.0", "6.12.37", "#1 SMP PREEMPT_DYNAMIC Mon Jul 14 17:58:40 UTC 2025", null },
    };

    [Theory]
    [MemberData(nameof(RealHosts))]
    public void Probe_RealHostFiles_ReadsTheExactIdentity(
        string fixture, string machine, string osRelease, string id, string versionId, string release, string version, string? flavour)
    {
        using var host = FixtureHost.From(fixture);
        if (osRelease == "etc/os-release" && !File.Exists(host.FullPath(osRelease)))
        {
            // As Debian and Ubuntu ship it (os-release(5) recommends the relative link).
            host.Link("etc/os-release", "../usr/lib/os-release");
        }

        var identity = host.Probe(machine).Probe();

        Assert.Equal(new KernelIdentity(id, versionId, machine, release, version), identity.Kernel);
        Assert.Equal(host.Root.Display(osRelease), identity.OsReleasePath);
        Assert.Equal(flavour, identity.FlavourHint);
        Assert.Equal(host.Root.Path, identity.HostRoot);
        Assert.False(identity.HostRootLooksLikeContainer);
        Assert.NotNull(identity.OsPrettyName);
    }

    [Fact]
    public void Probe_DebianTestingWithoutVersionId_FailsNamingFileFieldAndReason()
    {
        using var host = FixtureHost.From("debian-sid");

        var error = Assert.Throws<IdentityException>(() => host.Probe().Probe());

        var problem = Assert.Single(error.Problems);
        Assert.Equal(host.Root.Display("etc/os-release"), problem.Source);
        Assert.Equal("VERSION_ID", problem.Field);
        Assert.Contains("PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"", problem.Problem, StringComparison.Ordinal);
        Assert.Contains("Debian testing/unstable", problem.Problem, StringComparison.Ordinal);
        Assert.Contains("does not substitute VERSION_CODENAME", problem.Problem, StringComparison.Ordinal);
        Assert.Contains($"{host.Root.Display("etc/os-release")}: VERSION_ID: is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_OsReleaseWithoutId_FailsRatherThanAssumingLinux()
    {
        using var host = FixtureHost.From("fedora-40");
        host.Write("etc/os-release", "NAME=\"Fedora Linux\"\nVERSION_ID=40\n");

        var problem = Assert.Single(Assert.Throws<IdentityException>(() => host.Probe().Probe()).Problems);

        Assert.Equal(("ID", host.Root.Display("etc/os-release")), (problem.Field, problem.Source));
        Assert.Contains("ID=linux", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_EmptyVersionId_FailsNamingTheField()
    {
        using var host = FixtureHost.From("fedora-40");
        host.Write("etc/os-release", "ID=fedora\nVERSION_ID=\"\"\n");

        var problem = Assert.Single(Assert.Throws<IdentityException>(() => host.Probe().Probe()).Problems);

        Assert.Equal("VERSION_ID", problem.Field);
        Assert.Equal("is set but empty", problem.Problem);
    }

    [Fact]
    public void Probe_EtcOsReleaseExists_UsesItExclusively()
    {
        using var host = FixtureHost.From("flatcar-2605");
        host.Write("etc/os-release", "ID=flatcar\nVERSION_ID=9999.0.0\n");

        var identity = host.Probe().Probe();

        Assert.Equal("9999.0.0", identity.Kernel.DistroVersionId);
        Assert.Equal(host.Root.Display("etc/os-release"), identity.OsReleasePath);
        Assert.Null(identity.OsPrettyName);
    }

    [Fact]
    public void Probe_AbsoluteOsReleaseLink_IsFollowedInsideTheHostRoot()
    {
        using var host = FixtureHost.From("rocky-9.5");
        host.Write("usr/lib/os-release-rocky", File.ReadAllText(host.FullPath("etc/os-release")))
            .Delete("etc/os-release")
            .Link("etc/os-release", "/usr/lib/os-release-rocky");

        var identity = host.Probe().Probe();

        Assert.Equal(("rocky", "9.5"), (identity.Kernel.DistroId, identity.Kernel.DistroVersionId));
    }

    [Fact]
    public void Probe_AbsoluteLinkToAPathTheAgentAlsoHas_ReadsTheHostsFileNotTheAgents()
    {
        // Flatcar's file under the host root; the agent's own /usr/lib/os-release (if any) must not be read.
        using var host = FixtureHost.From("flatcar-2605").Link("etc/os-release", "/usr/lib/os-release");

        var identity = host.Probe().Probe();

        Assert.Equal(("flatcar", "2605.10.0"), (identity.Kernel.DistroId, identity.Kernel.DistroVersionId));
        Assert.Equal(host.Root.Display("etc/os-release"), identity.OsReleasePath);
    }

    [Fact]
    public void Probe_DanglingEtcLink_FallsBackToUsrLib()
    {
        using var host = FixtureHost.From("flatcar-2605");
        host.Link("etc/os-release", "../usr/lib/os-release.gone");

        var identity = host.Probe().Probe();

        Assert.Equal(host.Root.Display("usr/lib/os-release"), identity.OsReleasePath);
    }

    [Fact]
    public void Probe_NothingReadable_ReportsEveryMissingFileAtOnce()
    {
        using var host = FixtureHost.Empty();

        var error = Assert.Throws<IdentityException>(() => host.Probe().Probe());

        Assert.Collection(
            error.Problems,
            p => Assert.StartsWith($"{host.Root.Display("etc/os-release")}: does not exist, and neither does {host.Root.Display("usr/lib/os-release")}", p.ToString(), StringComparison.Ordinal),
            p => Assert.Equal($"{host.Root.Display("proc/sys/kernel/osrelease")}: does not exist: the host's /proc must be visible at {host.Root.Display("proc")} (in a container, mount the host's /proc there)", p.ToString()),
            p => Assert.StartsWith($"{host.Root.Display("proc/sys/kernel/version")}: does not exist", p.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Probe_HostRootMissing_SaysSo()
    {
        var root = new HostRoot("/nonexistent/kernel-agent-host-root");
        var probe = new KernelIdentityProbe(
            root,
            Options.Create(new KernelIdentityProbeOptions { Machine = "x86_64" }),
            NullLogger<KernelIdentityProbe>.Instance);

        var problem = Assert.Single(Assert.Throws<IdentityException>(probe.Probe).Problems);

        Assert.Equal("/nonexistent/kernel-agent-host-root: the host root directory does not exist", problem.ToString());
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("\n", "is empty")]
    [InlineData("#1 SMP\n#2 SMP\n", "holds more than one line; expected exactly one")]
    public void Probe_MalformedBuildString_FailsNamingTheFile(string content, string expected)
    {
        using var host = FixtureHost.From("debian-12-amd64").Link("etc/os-release", "../usr/lib/os-release");
        host.Write("proc/sys/kernel/version", content);

        var problem = Assert.Single(Assert.Throws<IdentityException>(() => host.Probe().Probe()).Problems);

        Assert.Equal($"{host.Root.Display("proc/sys/kernel/version")}: {expected}", problem.ToString());
    }

    [Fact]
    public void Probe_BuildStringSpacesInside_AreKeptByteForByte()
    {
        using var host = FixtureHost.From("ubuntu-22.04-azure").Link("etc/os-release", "../usr/lib/os-release");

        var version = host.Probe().Probe().Kernel.KernelVersion;

        Assert.Equal(File.ReadAllText(host.FullPath("proc/sys/kernel/version"))[..^1], version);
        Assert.Contains("Oct  6", version, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_ReleaseBreakingVariantRules_FailsNamingTheProcFile()
    {
        using var host = FixtureHost.From("rhel-9.4");
        host.Write("proc/sys/kernel/osrelease", "5.14.0 427\n");

        var problem = Assert.Single(Assert.Throws<IdentityException>(() => host.Probe().Probe()).Problems);

        Assert.Equal(host.Root.Display("proc/sys/kernel/osrelease"), problem.Source);
        Assert.Contains("character ' ' at position 6 is not allowed", problem.Problem, StringComparison.Ordinal);
        Assert.Contains("variant field kernel_release", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_UnsupportedMachine_FailsNamingTheMachineSource()
    {
        using var host = FixtureHost.From("rhel-9.4");

        var problem = Assert.Single(Assert.Throws<IdentityException>(() => host.Probe("riscv64").Probe()).Problems);

        Assert.Equal(("configured machine override", "machine"), (problem.Source, problem.Field));
        Assert.Contains("'riscv64' is not a supported machine", problem.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".dockerenv")]
    [InlineData("run/.containerenv")]
    public void Probe_HostRootWithContainerMarker_IsFlagged(string marker)
    {
        using var host = FixtureHost.From("amzn-2023").Write(marker, string.Empty);

        var identity = host.Probe().Probe();

        Assert.True(identity.HostRootLooksLikeContainer);
        Assert.Equal(host.Root.Display(marker), identity.ContainerMarker);
    }

    [Fact]
    public void Probe_WithoutMachineOverride_TakesTheRunningKernelsMachine()
    {
        using var host = FixtureHost.From("fedora-40");
        var probe = new KernelIdentityProbe(
            host.Root,
            Options.Create(new KernelIdentityProbeOptions()),
            NullLogger<KernelIdentityProbe>.Instance);

        Assert.Equal(UnameMachine.Read(), probe.Probe().Kernel.Arch);
    }

    [Fact]
    public void Probe_ContainerMarkerAndRepeatedKeys_AreLoggedWithTheirEventIds()
    {
        using var host = FixtureHost.From("fedora-40").Write(".dockerenv", string.Empty);
        host.Write("etc/os-release", "ID=fedora\nVERSION_ID=39\nVERSION_ID=40\n");
        var logger = new RecordingLogger<KernelIdentityProbe>();

        new KernelIdentityProbe(host.Root, Options.Create(new KernelIdentityProbeOptions { Machine = "x86_64" }), logger).Probe();

        Assert.Equal([AgentEventIds.OsReleaseRepeatsKeys, AgentEventIds.HostRootLooksLikeContainer, AgentEventIds.IdentityRead], logger.Events.Select(e => e.Id.Id));
        Assert.Equal(LogLevel.Warning, logger.Events[1].Level);
        Assert.Contains($"{host.Path}/.dockerenv exists", logger.Events[1].Message, StringComparison.Ordinal);
        Assert.Equal(
            $"Kernel identity: fedora 40 x86_64 6.8.5-301.fc40.x86_64 (#1 SMP PREEMPT_DYNAMIC Thu Apr 11 20:00:10 UTC 2024), from {host.Path}/etc/os-release",
            logger.Events[2].Message);
    }

    [Fact]
    public void Probe_SameIdentityTwice_LogsItOnce()
    {
        using var host = FixtureHost.From("fedora-40");
        var logger = new RecordingLogger<KernelIdentityProbe>();
        var probe = new KernelIdentityProbe(host.Root, Options.Create(new KernelIdentityProbeOptions { Machine = "x86_64" }), logger);

        probe.Probe();
        probe.Probe();
        host.Write("etc/os-release", "ID=fedora\nVERSION_ID=41\n");
        probe.Probe();

        Assert.Equal([AgentEventIds.IdentityRead, AgentEventIds.IdentityRead], logger.Events.Select(e => e.Id.Id));
        Assert.Contains("fedora 41", logger.Events[1].Message, StringComparison.Ordinal);
    }
}
