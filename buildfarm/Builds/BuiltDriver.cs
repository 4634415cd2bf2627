using KernelAgent.Store.Attestations;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// What one build of a driver produced: every module of the driver (one for a plain kbuild folder, several for a
/// DKMS tree) and the facts about the inputs that go into the provenance. Everything from here on (attestation
/// signing, publishing) handles the modules as one artifact.
/// </summary>
/// <param name="Modules">Every module the driver's build produced, in the driver's order; at least one.</param>
/// <param name="DriverSourceSha256">Digest of the registered driver source.</param>
/// <param name="HeaderPackages">The header packages used, with digests.</param>
/// <param name="Compiler">The compiler that ran.</param>
/// <param name="KernelCompiler">The compiler the kernel was built with.</param>
/// <param name="KernelSignature">Whether a kernel PKCS#7 signature was appended to every module.</param>
internal sealed record BuiltDriver(
    IReadOnlyList<BuiltModuleFile> Modules,
    string DriverSourceSha256,
    IReadOnlyList<HeaderPackage> HeaderPackages,
    string Compiler,
    string KernelCompiler,
    bool KernelSignature);
