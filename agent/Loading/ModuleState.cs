namespace KernelAgent.Agent.Loading;

/// <summary>A loaded module's state as /proc/modules shows it (kernel/module/procfs.c).</summary>
public enum ModuleState
{
    /// <summary>"Live": initialised and in service.</summary>
    Live,

    /// <summary>"Loading": its init function is still running.</summary>
    Loading,

    /// <summary>"Unloading": it is being removed.</summary>
    Unloading,
}
