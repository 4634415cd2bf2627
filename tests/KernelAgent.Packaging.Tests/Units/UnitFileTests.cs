namespace KernelAgent.Packaging.Tests.Units;

/// <summary>The hardening decisions in systemd/*.service, read from the files (no systemd needed).</summary>
public sealed class UnitFileTests
{
    /// <summary>The settings systemd-analyze security scores (systemd 252, src/analyze/analyze-security.c).</summary>
    private static readonly string[] ScoredSettings =
    [
        "User", "PrivateNetwork", "PrivateUsers", "PrivateTmp", "PrivateDevices", "PrivateMounts", "ProtectHome",
        "ProtectSystem", "ProtectKernelModules", "ProtectKernelTunables", "ProtectKernelLogs", "ProtectClock",
        "ProtectControlGroups", "ProtectHostname", "ProtectProc", "ProcSubset", "NoNewPrivileges", "CapabilityBoundingSet",
        "RestrictAddressFamilies", "RestrictNamespaces", "RestrictRealtime", "RestrictSUIDSGID", "LockPersonality",
        "MemoryDenyWriteExecute", "SystemCallArchitectures", "SystemCallFilter", "IPAddressDeny", "RootDirectory", "UMask",
    ];

    [Theory]
    [InlineData("kernel-agent.service")]
    [InlineData("kernel-buildfarm.service")]
    [InlineData("kernel-buildfarm-worker.service")]
    [InlineData("kernel-agent-wait.service")]
    public void EachUnit_ScoredHardeningSettingLeftUnset_IsCommentedWithTheReason(string unit)
    {
        var file = UnitFile.Load(unit);

        var unexplained = ScoredSettings.Where(s => file.Values(s).Count == 0 && !file.Comments.Contains($"{s}=", StringComparison.Ordinal));

        Assert.Empty(unexplained);
    }

    [Fact]
    public void AgentUnit_Capabilities_AreOnlyCapSysModule()
    {
        var file = UnitFile.Load("kernel-agent.service");

        Assert.Equal("CAP_SYS_MODULE", file.Value("CapabilityBoundingSet"));
        Assert.Equal(string.Empty, file.Value("AmbientCapabilities"));
        Assert.Equal("yes", file.Value("MemoryDenyWriteExecute"));
        Assert.Equal("yes", file.Value("NoNewPrivileges"));
        Assert.Null(file.Value("ProtectKernelModules"));
    }

    [Fact]
    public void AgentUnit_SystemCallFilter_KeepsModuleAfterDroppingPrivilegedAndResources()
    {
        var filters = UnitFile.Load("kernel-agent.service").Values("SystemCallFilter");

        Assert.Equal(["@system-service @module", "~@privileged @resources", "@module"], filters);
    }

    [Fact]
    public void AgentUnit_ModuleFolders_AreWritableAndMayBeMissing()
    {
        Assert.Equal("-/lib/modules -/usr/lib/modules", UnitFile.Load("kernel-agent.service").Value("ReadWritePaths"));
    }

    [Fact]
    public void AgentUnit_WithNoTrustedKey_IsSkippedNotFailed()
    {
        Assert.Equal("/etc/kernel-agent/trusted-keys", UnitFile.Load("kernel-agent.service").Value("ConditionDirectoryNotEmpty"));
    }

    [Fact]
    public void FarmUnit_StopBeforeTheHostStarted_CountsAsClean()
    {
        Assert.Equal("143", UnitFile.Load("kernel-buildfarm.service").Value("SuccessExitStatus"));
    }

    [Fact]
    public void FarmUnit_SettingsThatBreakBubblewrap_StayOff()
    {
        var file = UnitFile.Load("kernel-buildfarm.service");

        // bwrap mounts a fresh /proc, which the kernel refuses once /proc/sys or /proc/kmsg is over-mounted.
        Assert.Null(file.Value("ProtectKernelTunables"));
        Assert.Null(file.Value("ProtectKernelLogs"));
        Assert.Null(file.Value("ProcSubset"));
        Assert.Contains("AF_NETLINK", file.Value("RestrictAddressFamilies"));
        Assert.Contains("@mount", file.Value("SystemCallFilter"));
        Assert.Equal("kernel-buildfarm", file.Value("User"));
        Assert.Equal(string.Empty, file.Value("CapabilityBoundingSet"));
    }

    [Fact]
    public void ModuleTarget_RequiresTheWaitAndNothingPullsItIntoTheBoot()
    {
        var target = UnitFile.Load("kernel-agent-module.target");
        var wait = UnitFile.Load("kernel-agent-wait.service");

        Assert.Equal("kernel-agent-wait.service", target.Value("Requires"));
        Assert.Equal("kernel-agent-wait.service", target.Value("After"));
        Assert.Equal("oneshot", wait.Value("Type"));
        Assert.StartsWith("/usr/bin/kernel-agent wait --timeout ", wait.Value("ExecStart"), StringComparison.Ordinal);
        Assert.Null(target.Value("WantedBy"));
        Assert.Null(wait.Value("WantedBy"));
        Assert.Equal("90s", UnitFile.Load("kernel-agent.service").Value("TimeoutStartSec"));
    }

    [Theory]
    [InlineData("kernel-agent.tmpfiles.conf")]
    [InlineData("kernel-buildfarm.sysusers.conf")]
    public void InlinedConfFiles_HoldNothingAShellHereDocumentWouldExpand(string name)
    {
        // The rpm %pre pastes these files into an unquoted here-document (%sysusers_create_package).
        var text = File.ReadAllText(Path.Join(RepositoryPaths.Systemd, name));

        Assert.DoesNotContain('`', text);
        Assert.DoesNotContain('$', text);
        Assert.DoesNotContain('\\', text);
    }
}
