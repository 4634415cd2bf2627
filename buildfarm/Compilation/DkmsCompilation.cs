using KernelAgent.BuildFarm.Headers;

namespace KernelAgent.BuildFarm.Compilation;

/// <summary>What to build as DKMS would: a verified source tree with a dkms.conf, against extracted kernel headers.</summary>
/// <param name="Headers">The exact kernel's headers.</param>
/// <param name="BuildFolder">A fresh folder holding only the driver's source; the build writes here.</param>
/// <param name="Module">The registered name (dkms's <c>$module</c>).</param>
/// <param name="ModuleVersion">The registered version (dkms's <c>$module_version</c>).</param>
/// <param name="AllowUnlistedModules">Publish .ko files the build makes that dkms.conf does not list, instead of failing.</param>
internal sealed record DkmsCompilation(KernelHeaders Headers, string BuildFolder, string Module, string ModuleVersion, bool AllowUnlistedModules = false);
