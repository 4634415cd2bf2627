using System.Text.Json.Serialization;

namespace KernelAgent.Store.Attestations;

/// <summary>SLSA provenance v1 predicate (slsa.dev/spec/v1.0/provenance), restricted to what the farm records.</summary>
public sealed record SlsaProvenance(
    [property: JsonPropertyName("buildDefinition")] BuildDefinition BuildDefinition,
    [property: JsonPropertyName("runDetails")] RunDetails RunDetails);

/// <summary>What was built and from what.</summary>
/// <param name="BuildType">The farm's build recipe and artifact layout, <see cref="KbuildBuildTypeV2"/> (or v1 when read).</param>
/// <param name="ExternalParameters">The request: the exact variant.</param>
/// <param name="InternalParameters">What the farm chose: compilers, kernel signing.</param>
/// <param name="ResolvedDependencies">The driver source and every header package, each with its digest.</param>
public sealed record BuildDefinition(
    [property: JsonPropertyName("buildType")] string BuildType,
    [property: JsonPropertyName("externalParameters")] ExternalParameters ExternalParameters,
    [property: JsonPropertyName("internalParameters")] InternalParameters InternalParameters,
    [property: JsonPropertyName("resolvedDependencies")] IReadOnlyList<ResourceDescriptor> ResolvedDependencies)
{
    /// <summary>Layout v1: exactly one module, the subject <c>&lt;driver&gt;.ko</c>. Still read; no longer written.</summary>
    public const string KbuildBuildType = "urn:kernelagent:buildtype:kbuild:v1";

    /// <summary>Layout v2: every module of the driver is a subject annotated with its module name and install location.</summary>
    public const string KbuildBuildTypeV2 = "urn:kernelagent:buildtype:kbuild:v2";
}

/// <summary>The requested variant, by canonical field name, plus its canonical form and content key.</summary>
/// <param name="Variant">Every canonical field by name.</param>
/// <param name="VariantKey">The content key.</param>
/// <param name="BuildKey">
/// The prebuild matrix's build key (variant plus input digests) the build was asked for; absent for on-demand
/// builds. A superseding rebuild compares it to decide whether the published build is already the wanted one.
/// </param>
public sealed record ExternalParameters(
    [property: JsonPropertyName("variant")] IReadOnlyDictionary<string, string> Variant,
    [property: JsonPropertyName("variantKey")] string VariantKey,
    [property: JsonPropertyName("buildKey"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BuildKey = null);

/// <summary>Farm-side facts that explain the bytes.</summary>
/// <param name="Compiler">The compiler that ran (first line of <c>gcc --version</c>).</param>
/// <param name="KernelCompiler">The compiler the kernel was built with (CONFIG_CC_VERSION_TEXT).</param>
/// <param name="KernelSignature">Whether the module also carries the kernel's PKCS#7 signature.</param>
public sealed record InternalParameters(
    [property: JsonPropertyName("compiler")] string Compiler,
    [property: JsonPropertyName("kernelCompiler")] string KernelCompiler,
    [property: JsonPropertyName("kernelSignature")] bool KernelSignature);

/// <summary>Who built it and when.</summary>
public sealed record RunDetails(
    [property: JsonPropertyName("builder")] Builder Builder,
    [property: JsonPropertyName("metadata")] BuildMetadata Metadata);

public sealed record Builder(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] IReadOnlyDictionary<string, string> Version);

public sealed record BuildMetadata(
    [property: JsonPropertyName("invocationId")] string InvocationId,
    [property: JsonPropertyName("startedOn")] DateTimeOffset StartedOn,
    [property: JsonPropertyName("finishedOn")] DateTimeOffset FinishedOn);
