namespace KernelAgent.Agent.Loading;

/// <summary>
/// A module the running kernel has loaded: its line of <c>proc/modules</c> plus what <c>sys/module/&lt;name&gt;/</c>
/// adds (srcversion, version, taint flags).
/// </summary>
/// <param name="Name">The kernel's name for it ('_', never '-').</param>
/// <param name="SizeBytes">Memory the module occupies.</param>
/// <param name="ReferenceCount">Users of the module; null on kernels without CONFIG_MODULE_UNLOAD ("-").</param>
/// <param name="UsedBy">Modules that depend on it.</param>
/// <param name="State">Live, Loading or Unloading.</param>
/// <param name="Taint">Taint letters (e.g. "OE": out-of-tree, unsigned), or null when the module taints nothing.</param>
/// <param name="SrcVersion">sys/module/&lt;name&gt;/srcversion: modpost's digest of the module's sources, or null
/// when the module has none (only modules with MODULE_VERSION, or kernels with CONFIG_MODULE_SRCVERSION_ALL, have one).</param>
/// <param name="Version">sys/module/&lt;name&gt;/version (MODULE_VERSION), or null.</param>
internal sealed record LoadedModuleInfo(
    string Name,
    long SizeBytes,
    int? ReferenceCount,
    IReadOnlyList<string> UsedBy,
    ModuleState State,
    string? Taint,
    string? SrcVersion = null,
    string? Version = null)
{
    /// <summary>
    /// Whether this loaded module is the build whose <c>.modinfo</c> srcversion is <paramref name="expectedSrcVersion"/>.
    /// srcversion is what the kernel itself exposes of a module's identity; equal srcversions mean the same sources
    /// and build configuration.
    /// </summary>
    public ModuleOwnership OwnershipFor(string? expectedSrcVersion)
    {
        if (string.IsNullOrEmpty(expectedSrcVersion) || string.IsNullOrEmpty(SrcVersion))
        {
            return ModuleOwnership.Unknown;
        }

        return string.Equals(SrcVersion, expectedSrcVersion.Trim(), StringComparison.OrdinalIgnoreCase)
            ? ModuleOwnership.Ours
            : ModuleOwnership.NotOurs;
    }
}
