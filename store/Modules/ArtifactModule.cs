namespace KernelAgent.Store.Modules;

/// <summary>One module of an artifact as its attestation names it (docs/store-layout.md, "Attestation").</summary>
/// <param name="ModuleName">The kernel's name of the module (<see cref="KernelModuleName"/>), e.g. <c>jool_common</c>.</param>
/// <param name="FileName">The .ko file name, e.g. <c>jool_common.ko</c>.</param>
/// <param name="InstallLocation">Folder under <c>/lib/modules/&lt;release&gt;/</c> it is installed in (<see cref="ModuleInstallLocation"/>).</param>
/// <param name="Sha256">Lower-case hex sha256 of the module bytes.</param>
public sealed record ArtifactModule(string ModuleName, string FileName, string InstallLocation, string Sha256);
