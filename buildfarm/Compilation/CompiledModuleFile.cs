namespace KernelAgent.BuildFarm.Compilation;

/// <summary>One built .ko of a driver.</summary>
/// <param name="ModuleName">The module's name (the .ko's name without the suffix), e.g. <c>xt_ACCOUNT</c>.</param>
/// <param name="Path">The built file on the host.</param>
/// <param name="DestLocation">Where dkms.conf installs it (DEST_MODULE_LOCATION), or null when not listed.</param>
/// <param name="Sha256">Lowercase hex sha256.</param>
/// <param name="Size">Size in bytes.</param>
internal sealed record CompiledModuleFile(string ModuleName, string Path, string? DestLocation, string Sha256, long Size);
