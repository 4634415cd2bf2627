using System.Text;
using System.Text.Json.Nodes;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Modules;
using KernelAgent.Store.Tests.TestSupport;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>
/// A temp folder holding real directory stores, the agent's cache and a farm signing key whose public half is
/// trusted: artifacts are signed and published exactly as the farm does it, then tampered with as a test needs.
/// </summary>
internal sealed class ArtifactWorkspace : IDisposable
{
    public ArtifactWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("ka-resolve-").FullName;
        Key = SigningKey.Generate();
        TrustedKeys = new TrustedKeyRing([Key.Public]);
    }

    public string Root { get; }

    public SigningKey Key { get; }

    public TrustedKeyRing TrustedKeys { get; }

    public string CacheDirectory => Path.Join(Root, "cache");

    public string QuarantineDirectory => Path.Join(CacheDirectory, "quarantine");

    /// <summary>A directory store in its own (created) folder under the workspace.</summary>
    public IArtifactStore Store(string name)
    {
        var folder = Path.Join(Root, "stores", name);
        Directory.CreateDirectory(folder);
        return ArtifactStoreFactory.Create(folder);
    }

    /// <summary>Signs <paramref name="module"/> as an artifact of <paramref name="attested"/> (default: the variant it is published under).</summary>
    public byte[] Sign(ArtifactVariant attested, byte[] module, SigningKey? key = null) =>
        TestVariants.Sign(attested, module, key ?? Key);

    /// <summary>Publishes module + attestation for <paramref name="variant"/>; returns the module bytes.</summary>
    public async Task<byte[]> PublishAsync(
        IArtifactStore store, ArtifactVariant? variant = null, byte[]? module = null, SigningKey? key = null, ArtifactVariant? attested = null)
    {
        variant ??= TestModules.Variant;
        module ??= TestModules.Module();
        var envelope = Sign(attested ?? variant, module, key);
        await ArtifactPublisher.PublishAsync(store, variant, module, envelope, CancellationToken.None);
        return module;
    }

    /// <summary>
    /// Publishes a layout v2 artifact of several modules (name, bytes, install location) for <paramref name="variant"/>,
    /// as the farm does for a DKMS driver.
    /// </summary>
    public async Task<byte[]> PublishSetAsync(IArtifactStore store, ArtifactVariant variant, params (string Name, byte[] Bytes, string Location)[] modules)
    {
        var facts = TestVariants.Facts(variant, modules[0].Bytes) with
        {
            Modules = [.. modules.Select(m => new ArtifactModule(m.Name, m.Name + ".ko", m.Location, Digests.Sha256Hex(m.Bytes)))],
        };
        var envelope = AttestationSigner.Sign(StatementFactory.Create(facts), Key);
        await ArtifactPublisher.PublishAsync(store, variant, [.. modules.Select(m => new ModuleContent(m.Name + ".ko", m.Bytes))], envelope, CancellationToken.None);
        return envelope;
    }

    public static string PathOf(IArtifactStore store, string key) => Path.Join(store.Location.LocalPath, key);

    /// <summary>Replaces the published module's bytes, keeping its name (which carries the attested digest).</summary>
    public static void ReplaceModule(IArtifactStore store, ArtifactVariant variant, byte[] published, byte[] replacement) =>
        File.WriteAllBytes(PathOf(store, StoreLayout.ModuleKey(variant, Digests.Sha256Hex(published))), replacement);

    /// <summary>Changes one byte of the signed payload, leaving the signature as it was.</summary>
    public static void CorruptSignedPayload(IArtifactStore store, ArtifactVariant variant)
    {
        var path = PathOf(store, StoreLayout.AttestationKey(variant));
        var envelope = JsonNode.Parse(File.ReadAllBytes(path))!.AsObject();
        var payload = Convert.FromBase64String(envelope["payload"]!.GetValue<string>());
        var text = Encoding.UTF8.GetString(payload).Replace("gcc-12", "gcc-13", StringComparison.Ordinal);
        Assert.NotEqual(Encoding.UTF8.GetString(payload), text);
        envelope["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        File.WriteAllText(path, envelope.ToJsonString());
    }

    public IReadOnlyList<string> QuarantinedFolders() =>
        Directory.Exists(QuarantineDirectory) ? Directory.GetDirectories(QuarantineDirectory) : [];

    public void Dispose()
    {
        Key.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
