namespace KernelAgent.BuildFarm.Drivers.Dkms;

/// <summary>
/// A dkms.conf read for one kernel with dkms(8)'s semantics (read_conf): defaults applied, the make command and
/// patches chosen for this kernel, and the BUILD_EXCLUSIVE rules decided.
/// </summary>
/// <param name="PackageName">PACKAGE_NAME.</param>
/// <param name="PackageVersion">PACKAGE_VERSION.</param>
/// <param name="Modules">The module records, in record order.</param>
/// <param name="MakeCommand">The shell command that builds (MAKE[i] chosen by MAKE_MATCH, or dkms's default kbuild line).</param>
/// <param name="CleanCommand">CLEAN or its default.</param>
/// <param name="PreBuild">PRE_BUILD (a script path relative to the build folder, and arguments), or "".</param>
/// <param name="PostBuild">POST_BUILD, or "".</param>
/// <param name="Patches">The PATCH entries that apply to this kernel, in order (files under patches/).</param>
/// <param name="Exclusion">Why this kernel is outside BUILD_EXCLUSIVE_*, or null when the driver supports it.</param>
/// <param name="BuildDepends">BUILD_DEPENDS: the DKMS modules that must be built first.</param>
/// <param name="AutoInstall">AUTOINSTALL is "yes".</param>
/// <param name="NoWeakModules">NO_WEAK_MODULES is "yes".</param>
internal sealed record DkmsConf(
    string PackageName,
    string PackageVersion,
    IReadOnlyList<DkmsModule> Modules,
    string MakeCommand,
    string CleanCommand,
    string PreBuild,
    string PostBuild,
    IReadOnlyList<string> Patches,
    string? Exclusion,
    IReadOnlyList<string> BuildDepends,
    bool AutoInstall,
    bool NoWeakModules);
