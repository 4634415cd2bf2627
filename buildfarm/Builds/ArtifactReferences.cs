using KernelAgent.Protocol.V1;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Modules;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>Builds the wire's ArtifactRef for a published artifact.</summary>
internal static class ArtifactReferences
{
    public static ArtifactRef From(string storeUrl, PublishResult result, IReadOnlyList<ArtifactModule> modules, string variantKey, string keyId)
    {
        var reference = new ArtifactRef
        {
            StoreUrl = storeUrl,
            ModuleKey = result.ModuleKey,
            ModuleDigest = Digests.Prefixed(result.ModuleSha256),
            AttestationKey = result.AttestationKey,
            AttestationDigest = Digests.Prefixed(result.AttestationSha256),
            VariantKey = variantKey,
            SignerKeyId = keyId,
        };
        reference.Modules.AddRange(modules.Zip(result.Modules, (module, published) => Module(module, published.Key)));
        return reference;
    }

    public static ArtifactRef From(string storeUrl, ResolvedArtifact artifact)
    {
        var reference = new ArtifactRef
        {
            StoreUrl = storeUrl,
            ModuleKey = artifact.Modules[0].Key,
            ModuleDigest = Digests.Prefixed(artifact.Attestation.ModuleSha256),
            AttestationKey = artifact.AttestationKey,
            AttestationDigest = Digests.Prefixed(artifact.Attestation.EnvelopeSha256),
            VariantKey = artifact.Variant.ContentKey,
            SignerKeyId = artifact.Attestation.KeyId,
        };
        reference.Modules.AddRange(artifact.Modules.Select(m => Module(m.Module, m.Key)));
        return reference;
    }

    private static ModuleRef Module(ArtifactModule module, string key) => new()
    {
        Name = module.ModuleName,
        Key = key,
        Digest = Digests.Prefixed(module.Sha256),
        InstallLocation = module.InstallLocation,
    };
}
