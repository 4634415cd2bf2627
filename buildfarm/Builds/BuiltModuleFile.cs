using KernelAgent.Store.Layout;
using KernelAgent.Store.Modules;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>One compiled module of a driver, ready to be attested and published.</summary>
/// <param name="ModuleName">The kernel's name of the module (<see cref="KernelModuleName"/>), e.g. <c>jool_common</c>, <c>xt_ACCOUNT</c>.</param>
/// <param name="FileName">The file name, e.g. <c>jool_common.ko</c>.</param>
/// <param name="InstallLocation">
/// Folder under <c>/lib/modules/&lt;release&gt;/</c> the agent installs it in: <see cref="ModuleInstallLocation.Default"/>
/// unless the driver's DEST_MODULE_LOCATION says otherwise, as DKMS maps it.
/// </param>
/// <param name="Bytes">The module (already kernel-signed when that is configured).</param>
/// <param name="Sha256">Lower-case hex sha256 of <paramref name="Bytes"/>.</param>
internal sealed record BuiltModuleFile(string ModuleName, string FileName, string InstallLocation, byte[] Bytes, string Sha256)
{
    /// <summary>A module file named after its module (<c>&lt;name&gt;.ko</c>), with its digest computed.</summary>
    public static BuiltModuleFile Create(string moduleName, byte[] bytes, string installLocation = ModuleInstallLocation.Default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new BuiltModuleFile(moduleName, moduleName + ".ko", installLocation, bytes, Digests.Sha256Hex(bytes));
    }
}
