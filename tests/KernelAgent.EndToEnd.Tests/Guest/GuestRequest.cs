namespace KernelAgent.EndToEnd.Tests.Guest;

/// <summary>One boot: which kernel, what the guest runs, what its agent is given, and what else is attached.</summary>
/// <param name="Name">Names the run's files (initramfs, console log), e.g. "amd64-first-boot".</param>
/// <param name="Kernel">The kernel to boot.</param>
/// <param name="Scenario">What the guest's init runs.</param>
/// <param name="Agent">The agent's configuration, keys and extra files.</param>
internal sealed record GuestRequest(string Name, PreparedKernel Kernel, GuestScenario Scenario, AgentSetup Agent)
{
    /// <summary>A raw ext2 image attached as /dev/vda and mounted over /lib/modules (survives the boot).</summary>
    public string? Disk { get; init; }

    /// <summary>Extra kernel command line words, e.g. module.sig_enforce=1.</summary>
    public IReadOnlyList<string> KernelArguments { get; init; } = [];

    /// <summary>Drivers (name, version) the guest's agent gets one pass each for, instead of the configured one.</summary>
    public IReadOnlyList<(string Name, string Version)> Drivers { get; init; } = [];

    /// <summary>Longest the guest may run: TCG boots take seconds, a cold farm build on a busy machine minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
}
