using KernelAgent.Store.Modules;

namespace KernelAgent.Agent.Loading;

/// <summary>Persists verified modules where the host's own tools (modprobe, the next boot) find them.</summary>
internal interface IModuleInstaller
{
    /// <summary>
    /// Installs the verified module bytes as <c>lib/modules/&lt;release&gt;/&lt;location&gt;/&lt;name&gt;.ko</c> under the host
    /// root, runs depmod, and records the installation. Idempotent: the same bytes, already indexed, are left alone.
    /// </summary>
    /// <exception cref="ModuleInstallException">The kernel is not installed, a write failed, or depmod failed.</exception>
    Task<InstallResult> InstallAsync(ModuleInstallRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Installs every module of one artifact for one kernel (each in its location, every name checked before anything is
    /// written), runs depmod once, and records each; the results are in the order of <paramref name="requests"/>.
    /// </summary>
    /// <exception cref="ModuleInstallException">A name or location is invalid, the kernel is not installed, a write failed, or depmod failed.</exception>
    Task<IReadOnlyList<InstallResult>> InstallSetAsync(IReadOnlyList<ModuleInstallRequest> requests, CancellationToken cancellationToken);

    /// <summary>Where <see cref="InstallAsync"/> puts module <paramref name="moduleName"/> for kernel <paramref name="release"/>.</summary>
    string ModulePathFor(string moduleName, string release, string installLocation = ModuleInstallLocation.Default);
}
