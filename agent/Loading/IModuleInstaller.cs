namespace KernelAgent.Agent.Loading;

/// <summary>Persists verified modules where the host's own tools (modprobe, the next boot) find them.</summary>
public interface IModuleInstaller
{
    /// <summary>
    /// Installs the verified module bytes as <c>lib/modules/&lt;release&gt;/extra/&lt;name&gt;.ko</c> under the host root,
    /// runs depmod, and records the installation. Idempotent: the same bytes, already indexed, are left alone.
    /// </summary>
    /// <exception cref="ModuleInstallException">The kernel is not installed, a write failed, or depmod failed.</exception>
    Task<InstallResult> InstallAsync(ModuleInstallRequest request, CancellationToken cancellationToken);

    /// <summary>Where <see cref="InstallAsync"/> puts module <paramref name="moduleName"/> for kernel <paramref name="release"/>.</summary>
    string ModulePathFor(string moduleName, string release);
}
