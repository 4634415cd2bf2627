namespace KernelAgent.EndToEnd.Tests.Guest;

/// <summary>What the guest's init runs after network and disk are up (kernel command line <c>kae2e.scenario=</c>).</summary>
internal enum GuestScenario
{
    /// <summary><c>kernel-agent once</c> with the initramfs's agent.json.</summary>
    Agent,

    /// <summary>Only <c>modprobe kagent_sample</c>: the second boot, with no agent.</summary>
    Modprobe,

    /// <summary>Only <c>insmod /srv/module/kagent_sample.ko</c>: what the kernel alone accepts, with no agent.</summary>
    Insmod,
}
