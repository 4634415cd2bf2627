namespace KernelAgent.Agent.Identity;

/// <summary>Lists the kernels installed on the host besides the running one.</summary>
internal interface IInstalledKernelScanner
{
    /// <summary>
    /// Kernels with <c>lib/modules/&lt;release&gt;/modules.dep</c> or <c>.../build</c>, or with
    /// <c>boot/vmlinuz-&lt;release&gt;</c>, under the host root; <paramref name="runningRelease"/> excluded.
    /// Sorted by release (ordinal).
    /// </summary>
    /// <exception cref="IdentityException">A directory exists but cannot be listed.</exception>
    IReadOnlyList<InstalledKernel> Scan(string runningRelease);
}
