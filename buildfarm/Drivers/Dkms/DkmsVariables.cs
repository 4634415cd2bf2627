namespace KernelAgent.BuildFarm.Drivers.Dkms;

/// <summary>
/// The variables dkms(8) sets before it reads a dkms.conf, with the values they have inside the build sandbox.
/// </summary>
/// <param name="KernelVersion"><c>$kernelver</c>: the target's <c>uname -r</c>.</param>
/// <param name="Arch"><c>$arch</c>: the target's <c>uname -m</c> (x86_64, aarch64).</param>
/// <param name="KernelSourceDirectory"><c>$kernel_source_dir</c>: the kernel's build folder.</param>
/// <param name="DkmsTree"><c>$dkms_tree</c>: the build folder is <c>$dkms_tree/$module/$module_version/build</c>.</param>
/// <param name="SourceTree"><c>$source_tree</c>.</param>
/// <param name="Module"><c>$module</c>: the registered name.</param>
/// <param name="ModuleVersion"><c>$module_version</c>: the registered version.</param>
internal sealed record DkmsVariables(
    string KernelVersion,
    string Arch,
    string KernelSourceDirectory,
    string DkmsTree,
    string SourceTree,
    string Module,
    string ModuleVersion)
{
    /// <summary>Where dkms builds: <c>$dkms_tree/$module/$module_version/build</c>.</summary>
    public string BuildDirectory => $"{DkmsTree}/{Module}/{ModuleVersion}/build";
}
