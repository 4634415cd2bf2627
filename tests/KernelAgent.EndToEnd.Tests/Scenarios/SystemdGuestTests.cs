using System.Globalization;
using KernelAgent.EndToEnd.Tests.Guest;
using KernelAgent.Journald;

namespace KernelAgent.EndToEnd.Tests.Scenarios;

/// <summary>
/// Both packages on a real Debian 12 with systemd as PID 1 (qemu TCG, the suite's cached minbase image): a quiet
/// apt install that skips the unconfigured agent, the configured unit active with the module loaded, the journal as
/// SREs read it (fields, MESSAGE_IDs, priorities, the catalog's text under journalctl -x), a clean farm stop, and a
/// purge that leaves nothing and warns of nothing; then a reboot with the network cut (issue 13 item 2) and a boot with
/// the farm unreachable (issue 13 item 1).
/// </summary>
[Collection(EndToEndSuite.Name)]
[Trait("Category", "Integration")]
public sealed class SystemdGuestTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private static readonly MessageIdScheme AgentIds = new(new Guid("aa304279-3b44-4208-9d50-10658acd9d46"), "kernel-agent", "KernelAgent.");
    private static readonly MessageIdScheme FarmIds = new(new Guid("ffcb4964-f36b-47ca-abde-d20ef14d741d"), "kernel-buildfarm", "KernelAgent.");

    /// <summary>The agent's start budget after which it sends READY=1 with the farm unreachable (ops-agent's default), plus slack.</summary>
    private static readonly TimeSpan StartBudgetWithSlack = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Install_WithApt_IsQuietAndSkipsTheUnconfiguredAgent()
    {
        var run = await fixture.SystemdGuestAsync();
        var install = run.Install;
        ReportTimes(run);

        Assert.True(install.Finished, install.Describe());
        Assert.StartsWith("0 ", install.Value("apt-install-exit"), StringComparison.Ordinal);
        var apt = install.All("apt-install");
        Assert.DoesNotContain(apt, l => l.Contains("Could not execute systemctl", StringComparison.Ordinal));
        Assert.Contains(apt, l => l.Contains("kernel-agent: put the farm's public key into /etc/kernel-agent/trusted-keys/", StringComparison.Ordinal));
        Assert.Equal(("inactive", "dead", "success"), Trim(install.UnitState("agent-after-install")));
        Assert.Equal("no", install.Value("agent-condition"));
    }

    [Fact]
    public async Task ConfiguredAgent_ReachesActiveWithTheModuleLoaded()
    {
        var install = (await fixture.SystemdGuestAsync()).Install;

        Assert.StartsWith("0 ", install.Value("agent-restart-exit"), StringComparison.Ordinal);
        Assert.Equal("active", install.UnitState("agent-configured")?.Active);
        Assert.StartsWith("0 ", install.Value("agent-wait-exit"), StringComparison.Ordinal);
        Assert.StartsWith("kagent_sample ", install.Value("proc-modules"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentJournal_HasTheDocumentedFieldsMessageIdsAndPriorities()
    {
        var run = await fixture.SystemdGuestAsync();
        // The agent's own entries; systemd's (PID 1, also _TRANSPORT=journal) about the unit are not the agent's.
        var entries = run.Install.JournalEntries("agent-json").Where(e => e.GetValueOrDefault(JournalFields.SyslogIdentifier) == "kernel-agent").ToList();
        Assert.NotEmpty(entries);

        Assert.All(entries, e => Assert.True(e.ContainsKey(JournalFields.MessageId) && e["_TRANSPORT"] == "journal", e[JournalFields.Message]));
        var loaded = Assert.Single(entries, e => e[JournalFields.MessageId] == AgentIds.ForOwnEvent(1300));
        Assert.Equal(("6", "kagent_sample", run.Kernel.Release), (loaded[JournalFields.Priority], loaded[JournalFields.Driver], loaded[JournalFields.KernelRelease]));
        var pass = entries.Last(e => e[JournalFields.MessageId] == AgentIds.ForOwnEvent(1402));
        Assert.Equal(("6", "loaded"), (pass[JournalFields.Priority], pass[JournalFields.Outcome]));
        Assert.Matches("^[0-9a-f]{64}$", pass[JournalFields.VariantKey]);
        Assert.Matches("^[0-9a-f]{64}$", pass[JournalFields.ArtifactDigest]);
        Assert.Contains(JournalFields.KernelVersion, pass.Keys);
        Assert.Single(entries, e => e[JournalFields.MessageId] == AgentIds.ForOwnEvent(1000));
        Assert.DoesNotContain(entries, e => e[JournalFields.Message].Contains("Hosting environment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JournalctlX_ShowsTheCatalogText()
    {
        var lines = (await fixture.SystemdGuestAsync()).Install.All("agent-x");

        Assert.Contains(lines, l => l.Contains("Subject: kernel-agent loaded its kernel module", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("What to do:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FarmStop_LeavesTheUnitInactiveNotFailed()
    {
        var install = (await fixture.SystemdGuestAsync()).Install;

        Assert.Equal("active", install.UnitState("farm-running")?.Active);
        var farm = install.JournalEntries("farm-json").Where(e => e.GetValueOrDefault(JournalFields.SyslogIdentifier) == "kernel-buildfarm").ToList();
        var serving = Assert.Single(farm, e => e.GetValueOrDefault(JournalFields.MessageId) == FarmIds.ForOwnEvent(1900));
        Assert.Equal(("6", "kernel-buildfarm"), (serving[JournalFields.Priority], serving[JournalFields.SyslogIdentifier]));
        Assert.DoesNotContain(farm, e => e[JournalFields.Message].Contains("Application started", StringComparison.Ordinal));
        Assert.Equal("0", install.Value("farm-stop-exit"));
        // Result=success is what keeps the unit from "failed"; the main status is 0 (exit) or 15 (the SIGTERM itself).
        Assert.Equal(("inactive", "dead", "success"), Trim(install.UnitState("farm-stopped")));
    }

    [Fact]
    public async Task Purge_LeavesNoUnitAndNoWarning()
    {
        var farmDown = (await fixture.SystemdGuestAsync()).FarmDown;

        Assert.True(farmDown.Finished, farmDown.Describe());
        Assert.Equal("0", farmDown.Value("apt-purge-exit"));
        Assert.DoesNotContain(farmDown.All("apt-purge"), l => l.Contains("warning", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(farmDown.All("unit-left"));
        Assert.Empty(farmDown.All("unit-file-left"));
        Assert.Empty(farmDown.All("left"));
    }

    /// <summary>Issue 13 item 2: the installed module loads, verified from its recorded attestation, with every store, the farm and the cache gone.</summary>
    [Fact]
    public async Task Reboot_WithTheNetworkCutAndTheCacheGone_LoadsTheInstalledModule()
    {
        var run = await fixture.SystemdGuestAsync();
        var offline = run.Offline;

        Assert.Equal("0", run.Install.Value("cache-left"));
        Assert.True(offline.Finished, offline.Describe());
        Assert.StartsWith("kagent_sample ", offline.Value("proc-modules"), StringComparison.Ordinal);
        Assert.Equal("active", offline.UnitState("agent-offline")?.Active);
        var pass = offline.JournalEntries("agent-json")
            .Last(e => e.GetValueOrDefault(JournalFields.MessageId) == AgentIds.ForOwnEvent(1402) && e.GetValueOrDefault(JournalFields.SyslogIdentifier) == "kernel-agent");
        Assert.Equal("loaded", pass[JournalFields.Outcome]);
        Assert.Contains("from installed", pass[JournalFields.Message], StringComparison.Ordinal);
    }

    /// <summary>Issue 13 item 1: READY=1 within the start budget, so the boot is not held.</summary>
    [Fact]
    public async Task Boot_WithTheFarmUnreachable_ReachesMultiUserWithinTheStartBudget()
    {
        var farmDown = (await fixture.SystemdGuestAsync()).FarmDown;

        var reached = farmDown.Value("multi-user-usec");
        Assert.True(reached is not null && reached != "never", "multi-user.target was not reached; " + farmDown.Describe());
        var atBoot = TimeSpan.FromMicroseconds(long.Parse(reached, CultureInfo.InvariantCulture));
        var installBoot = TimeSpan.FromMicroseconds(long.Parse((await fixture.SystemdGuestAsync()).Install.Value("multi-user-usec")!, CultureInfo.InvariantCulture));
        Assert.True(atBoot <= installBoot + StartBudgetWithSlack,
            $"multi-user.target after {atBoot.TotalSeconds:F0} s with the farm down, {installBoot.TotalSeconds:F0} s on the first boot");
        Assert.Equal("active", farmDown.UnitState("agent-farm-down")?.Active);
        Assert.Contains(farmDown.All("agent-status"), l => l.StartsWith("waiting for the build farm at ", StringComparison.Ordinal));
    }

    private static (string, string, string)? Trim((string Active, string Sub, string Result, string ExitStatus)? state) =>
        state is { } s ? (s.Active, s.Sub, s.Result) : null;

    private void ReportTimes(SystemdGuestRun run)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"systemd guest: image {run.ImageTime.TotalSeconds:F1} s (build or cache, and copy), initramfs {run.InitramfsTime.TotalSeconds:F1} s, " +
            $"boots install {run.Install.WallTime.TotalSeconds:F0} s, offline {run.Offline.WallTime.TotalSeconds:F0} s, farm-down {run.FarmDown.WallTime.TotalSeconds:F0} s; " +
            $"multi-user after {run.Install.Value("multi-user-usec")} us, apt install {run.Install.Value("apt-install-exit")} s, agent start {run.Install.Value("agent-restart-exit")} s"));
    }
}
