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
}
