namespace KernelAgent.Agent.Identity;

/// <summary>Where the host's root file system is visible to the agent.</summary>
internal sealed class HostRootOptions
{
    /// <summary>
    /// The host's <c>/</c> as the agent sees it: <c>/</c> when the agent runs on the host, or the mount
    /// point of the host's root (for example <c>/host</c>) when it runs in a container. In a container
    /// the default <c>/</c> would describe the container image, not the host: os-release, /boot and
    /// /lib/modules must come from the host's own root, and its /proc must be mounted at
    /// <c>&lt;root&gt;/proc</c>.
    /// </summary>
    public string Path { get; set; } = "/";
}
