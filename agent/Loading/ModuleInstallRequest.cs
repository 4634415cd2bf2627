using KernelAgent.Store.Modules;

namespace KernelAgent.Agent.Loading;

/// <summary>A module that passed verification, to be installed for one kernel.</summary>
/// <param name="ModuleName">The module's name; it becomes the file name <c>&lt;name&gt;.ko</c>.</param>
/// <param name="KernelRelease">The kernel it was built for (<c>uname -r</c>), a folder under lib/modules.</param>
/// <param name="ModuleBytes">The verified bytes; exactly these are written.</param>
/// <param name="AttestationSha256">sha256 of the DSSE envelope that vouched for the module.</param>
/// <param name="VariantKey">The variant's content key.</param>
internal sealed record ModuleInstallRequest(
    string ModuleName,
    string KernelRelease,
    ReadOnlyMemory<byte> ModuleBytes,
    string AttestationSha256,
    string VariantKey)
{
    /// <summary>Folder under <c>lib/modules/&lt;release&gt;/</c> (<see cref="ModuleInstallLocation"/>), DKMS's <c>updates/dkms</c> by default.</summary>
    public string InstallLocation { get; init; } = ModuleInstallLocation.Default;
}
