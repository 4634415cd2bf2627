using KernelAgent.Store.Modules;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Attestations;

/// <summary>Everything the farm knows about one build, turned into a statement by <see cref="StatementFactory"/>.</summary>
/// <param name="Variant">The exact variant built.</param>
/// <param name="Modules">Every module of the artifact: name, file name, install location and sha256; at least one.</param>
/// <param name="DriverSourceSha256">Digest of the registered driver source that was compiled.</param>
/// <param name="HeaderPackages">Every header package used: name, version, sha256 of the .deb/.rpm.</param>
/// <param name="Compiler">First line of the compiler's version output.</param>
/// <param name="KernelCompiler">CONFIG_CC_VERSION_TEXT of the kernel's headers.</param>
/// <param name="KernelSignature">Whether the module carries a kernel PKCS#7 signature.</param>
/// <param name="BuilderId">Identifies the farm instance (a URI).</param>
/// <param name="BuilderVersion">The farm's product version.</param>
/// <param name="BuildId">The farm's build id.</param>
/// <param name="StartedOn">When the build started.</param>
/// <param name="FinishedOn">When the build finished.</param>
/// <param name="BuildKey">The prebuild matrix's build key the build was asked for; null for on-demand builds.</param>
public sealed record ProvenanceFacts(
    ArtifactVariant Variant,
    IReadOnlyList<ArtifactModule> Modules,
    string DriverSourceSha256,
    IReadOnlyList<HeaderPackage> HeaderPackages,
    string Compiler,
    string KernelCompiler,
    bool KernelSignature,
    string BuilderId,
    string BuilderVersion,
    string BuildId,
    DateTimeOffset StartedOn,
    DateTimeOffset FinishedOn,
    string? BuildKey = null);

/// <summary>One package of kernel headers that went into a build.</summary>
/// <param name="Name">Package name, e.g. <c>linux-headers-6.1.0-56-amd64</c>.</param>
/// <param name="Version">Exact package version.</param>
/// <param name="Sha256">sha256 of the package file.</param>
/// <param name="PackageUrl">A purl such as <c>pkg:deb/debian/linux-headers-6.1.0-56-amd64@6.1.192-2?arch=amd64</c>.</param>
public sealed record HeaderPackage(string Name, string Version, string Sha256, string PackageUrl);
