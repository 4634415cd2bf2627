namespace KernelAgent.Agent.Loading;

/// <summary>Settings of the module installer and of the installation records.</summary>
internal sealed class ModuleInstallerOptions
{
    /// <summary>The host's <c>/</c> as the agent sees it; modules go to <c>lib/modules/&lt;release&gt;/extra/</c> under it.</summary>
    public string HostRoot { get; set; } = "/";

    /// <summary>
    /// The agent's own state folder (not under the host root): installation records live in its
    /// <c>installed/</c> subfolder, where <c>kernel-agent status</c> reads them.
    /// </summary>
    public string StateDirectory { get; set; } = "/var/lib/kernel-agent";

    /// <summary>depmod(8): a bare name is looked up on PATH (the unit's PATH includes /usr/sbin).</summary>
    public string DepmodPath { get; set; } = "depmod";

    /// <summary>
    /// How long depmod may take. Default 3 min. It rebuilds the indexes of a whole kernel tree: 5-6 s for Debian
    /// 6.1's 4023 modules on a loaded 2-core machine, 38-60 s on a slow emulated guest (qemu TCG); three times the
    /// slowest seen leaves headroom, and only a depmod that hangs reaches it.
    /// </summary>
    public TimeSpan DepmodTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Also list the module in <c>etc/modules-load.d/kernel-agent.conf</c>, so systemd-modules-load loads it at boot.
    /// Off by default: that load happens before the agent runs, so nothing re-verifies the installed file against its
    /// attestation first. depmod alone already lets <c>modprobe</c> (and udev's autoloading) find the module; turning
    /// boot-time loading on is the operator's choice. When off, a file the agent wrote earlier is removed.
    /// </summary>
    public bool WriteModulesLoadConf { get; set; }
}
