namespace KernelAgent.Agent.Loading;

/// <summary>Settings of the module loader.</summary>
internal sealed class ModuleLoaderOptions
{
    /// <summary>
    /// The host's <c>/</c> as the agent sees it; <c>proc/modules</c> and <c>sys/module</c> are read under it. In a
    /// container the host's /proc and /sys must be mounted there. finit_module always loads into the running kernel.
    /// </summary>
    public string HostRoot { get; set; } = "/";
}
