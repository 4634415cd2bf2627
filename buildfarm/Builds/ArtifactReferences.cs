using KernelAgent.Protocol.V1;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Layout;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>Builds the wire's ArtifactRef for a published artifact.</summary>
internal static class ArtifactReferences
{
    public static ArtifactRef From(string storeUrl, PublishResult result, string variantKey, string keyId) => new()
    {
        StoreUrl = storeUrl,
        ModuleKey = result.ModuleKey,
        ModuleDigest = Digests.Prefixed(result.ModuleSha256),
        AttestationKey = result.AttestationKey,
        AttestationDigest = Digests.Prefixed(result.AttestationSha256),
        VariantKey = variantKey,
        SignerKeyId = keyId,
    };

    public static ArtifactRef From(string storeUrl, ResolvedArtifact artifact) => new()
    {
        StoreUrl = storeUrl,
        ModuleKey = artifact.ModuleKey,
        ModuleDigest = Digests.Prefixed(artifact.Attestation.ModuleSha256),
        AttestationKey = artifact.AttestationKey,
        AttestationDigest = Digests.Prefixed(artifact.Attestation.EnvelopeSha256),
        VariantKey = artifact.Variant.ContentKey,
        SignerKeyId = artifact.Attestation.KeyId,
    };
}
