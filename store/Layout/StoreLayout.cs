using KernelAgent.Store.Modules;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Layout;

/// <summary>
/// Where each object lives in a store, relative to the store's URL (docs/store-layout.md). Keys are built
/// only from validated variant fields, so none can contain "..", a leading '/' or a control character.
/// </summary>
public static class StoreLayout
{
    /// <summary>Version of the layout; a new layout gets a new root folder beside this one.</summary>
    public const string Root = "v1";

    public const string AttestationFileName = "attestation.dsse.json";

    /// <summary>
    /// The folder of one variant: human-browsable by driver and kernel, ending in the content key so that
    /// two Debian builds sharing one ABI name (same <c>uname -r</c>, different <c>uname -v</c>) never meet.
    /// </summary>
    public static string VariantFolder(ArtifactVariant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var k = variant.Kernel;
        return string.Join('/', Root, "modules", variant.Driver.Name, variant.Driver.Version,
            k.DistroId, k.DistroVersionId, k.Arch, k.KernelRelease, variant.ContentKey);
    }

    /// <summary>The attestation: written last, with a conditional create; its presence is what publishes.</summary>
    public static string AttestationKey(ArtifactVariant variant) => VariantFolder(variant) + "/" + AttestationFileName;

    /// <summary>
    /// The bytes of a one-module artifact whose module is named after its driver (layout v1's only shape):
    /// <see cref="ModuleKey(ArtifactVariant, string, string)"/> with the driver's name.
    /// </summary>
    public static string ModuleKey(ArtifactVariant variant, string moduleSha256Hex)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return ModuleKey(variant, variant.Driver.Name + ".ko", moduleSha256Hex);
    }

    /// <summary>
    /// One module's bytes, <c>&lt;file name without .ko&gt;-&lt;sha256&gt;.ko</c> in the variant's folder: named by their own
    /// digest, so a second writer with different bytes never overwrites the module an existing attestation names. A v1
    /// artifact's module (<c>&lt;driver&gt;.ko</c>) has the same key in both layouts.
    /// </summary>
    public static string ModuleKey(ArtifactVariant variant, string moduleFileName, string moduleSha256Hex) =>
        $"{VariantFolder(variant)}/{ModuleObjectName(moduleFileName, moduleSha256Hex)}";

    /// <summary>The last segment of <see cref="ModuleKey(ArtifactVariant, string, string)"/>: <c>jool_common-&lt;sha256&gt;.ko</c>.</summary>
    public static string ModuleObjectName(string moduleFileName, string moduleSha256Hex)
    {
        ArgumentNullException.ThrowIfNull(moduleFileName);
        if (!Digests.IsSha256Hex(moduleSha256Hex))
        {
            throw new ArgumentException($"'{moduleSha256Hex}' is not a lower-case hex sha256", nameof(moduleSha256Hex));
        }

        var stem = moduleFileName.EndsWith(".ko", StringComparison.Ordinal) ? moduleFileName[..^3] : string.Empty;
        if (KernelModuleName.Problem(stem) is { } problem)
        {
            throw new ArgumentException($"'{KernelModuleName.Printable(moduleFileName)}' is not a module file name: {problem}", nameof(moduleFileName));
        }

        return $"{stem}-{moduleSha256Hex}.ko";
    }

    /// <summary>Folder, inside a variant's folder, of every attestation that was ever current for the variant.</summary>
    public const string HistoryFolderName = "history";

    /// <summary>
    /// A kept attestation, named by the envelope's own digest: written once with a conditional create and never
    /// overwritten, so a superseded build's provenance stays readable (docs/store-layout.md, "Superseding").
    /// </summary>
    public static string AttestationHistoryKey(ArtifactVariant variant, string envelopeSha256Hex)
    {
        if (!Digests.IsSha256Hex(envelopeSha256Hex))
        {
            throw new ArgumentException($"'{envelopeSha256Hex}' is not a lower-case hex sha256", nameof(envelopeSha256Hex));
        }

        return $"{VariantFolder(variant)}/{HistoryFolderName}/attestation-{envelopeSha256Hex}.dsse.json";
    }

    /// <summary>
    /// The signed trust policy (revoked keys, per-driver minimum versions) agents fetch from every store
    /// (docs/store-layout.md, "Trust policy"). Replaced in one atomic write; every version is also kept under
    /// <see cref="TrustPolicyHistoryKey"/>.
    /// </summary>
    public const string TrustPolicyKey = Root + "/trust/policy.dsse.json";

    /// <summary>A kept trust policy, named by its envelope's digest.</summary>
    public static string TrustPolicyHistoryKey(string envelopeSha256Hex)
    {
        if (!Digests.IsSha256Hex(envelopeSha256Hex))
        {
            throw new ArgumentException($"'{envelopeSha256Hex}' is not a lower-case hex sha256", nameof(envelopeSha256Hex));
        }

        return $"{Root}/trust/history/policy-{envelopeSha256Hex}.dsse.json";
    }

    /// <summary>Prefix of every object that belongs to the prebuild matrix snapshots.</summary>
    public const string SnapshotsPrefix = Root + "/snapshots/";

    /// <summary>Prefix of the audit records of matrix runs.</summary>
    public const string AuditPrefix = Root + "/audit/";
}
