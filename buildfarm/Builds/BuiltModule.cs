using KernelAgent.Store.Attestations;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>A compiled module and the facts about its inputs that go into the provenance.</summary>
/// <param name="FileName">Module file name, e.g. <c>kagent_sample.ko</c>.</param>
/// <param name="Bytes">The module (already kernel-signed when that is configured).</param>
/// <param name="DriverSourceSha256">Digest of the registered driver source.</param>
/// <param name="HeaderPackages">The header packages used, with digests.</param>
/// <param name="Compiler">The compiler that ran.</param>
/// <param name="KernelCompiler">The compiler the kernel was built with.</param>
/// <param name="KernelSignature">Whether a kernel PKCS#7 signature was appended.</param>
public sealed record BuiltModule(
    string FileName,
    byte[] Bytes,
    string DriverSourceSha256,
    IReadOnlyList<HeaderPackage> HeaderPackages,
    string Compiler,
    string KernelCompiler,
    bool KernelSignature);
