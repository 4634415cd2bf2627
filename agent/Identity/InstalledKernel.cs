namespace KernelAgent.Agent.Identity;

/// <summary>
/// A kernel installed on the host but not running: a candidate for the next boot, whose module can be
/// resolved ahead of the reboot. Only what the host's files state is recorded; nothing is inferred.
/// </summary>
/// <param name="Release">The release (<c>uname -r</c> once booted), from <c>lib/modules/&lt;release&gt;</c> or <c>boot/vmlinuz-&lt;release&gt;</c>.</param>
/// <param name="BuildString">
/// The exact build string (<c>uname -v</c> once booted), when the kernel's headers are installed: the
/// <c>UTS_VERSION</c> of the same build, from <c>include/generated/utsversion.h</c> (or <c>compile.h</c>
/// before Linux 6.0) under <c>lib/modules/&lt;release&gt;/build</c>.
/// </param>
/// <param name="BuildStringSource">The file <paramref name="BuildString"/> was read from.</param>
/// <param name="DebianPackageVersion">
/// The dpkg version of the kernel image package (Debian: <c>6.1.192-2</c>, which Debian's <c>uname -v</c>
/// contains as "Debian 6.1.192-2"; Ubuntu: <c>6.8.0-31.31</c>).
/// </param>
/// <param name="DebianPackageVersionSource">The file <paramref name="DebianPackageVersion"/> was read from.</param>
/// <param name="HasModules"><c>lib/modules/&lt;release&gt;/modules.dep</c> exists.</param>
/// <param name="HasHeaders"><c>lib/modules/&lt;release&gt;/build</c> leads to a directory.</param>
/// <param name="HasKernelImage"><c>boot/vmlinuz-&lt;release&gt;</c> exists.</param>
internal sealed record InstalledKernel(
    string Release,
    string? BuildString,
    string? BuildStringSource,
    string? DebianPackageVersion,
    string? DebianPackageVersionSource,
    bool HasModules,
    bool HasHeaders,
    bool HasKernelImage);
