using KernelAgent.EndToEnd.Tests.Support;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Layout;

namespace KernelAgent.EndToEnd.Tests.Farm;

/// <summary>
/// One published variant in a directory store (docs/store-layout.md): its folder, the attestation and the module
/// named by its digest. The refusal tests copy a variant into a store of their own and then damage the copy.
/// </summary>
internal sealed class StoreVariant
{
    private StoreVariant(string storeRoot, string folder)
    {
        StoreRoot = storeRoot;
        Folder = folder;
    }

    public string StoreRoot { get; }

    public string Folder { get; }

    public string AttestationFile => Path.Join(Folder, StoreLayout.AttestationFileName);

    /// <summary>The one module file of the folder (kagent_sample-&lt;sha256&gt;.ko).</summary>
    public string ModuleFile => Directory.GetFiles(Folder, "*.ko").Single();

    /// <summary>The single variant published for this kernel (a fresh farm publishes each once).</summary>
    public static StoreVariant Find(string storeRoot, string machine, string release)
    {
        var driverFolder = Path.Join(storeRoot, StoreLayout.Root, "modules", "kagent_sample", "1.0.0");
        var folders = Directory.Exists(driverFolder)
            ? Directory.GetFiles(driverFolder, StoreLayout.AttestationFileName, SearchOption.AllDirectories)
                .Select(Path.GetDirectoryName)
                .Where(f => f!.Contains($"/{machine}/{release}/", StringComparison.Ordinal))
                .ToList()
            : [];
        return folders.Count == 1
            ? new StoreVariant(storeRoot, folders[0]!)
            : throw new EndToEndSetupException($"expected one published {release} ({machine}) variant under {driverFolder}, found {folders.Count}");
    }

    /// <summary>Copies this variant into another store root, at the same key.</summary>
    public StoreVariant CopyTo(string otherStoreRoot)
    {
        var target = Path.Join(otherStoreRoot, Path.GetRelativePath(StoreRoot, Folder));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Folder))
        {
            File.Copy(file, Path.Join(target, Path.GetFileName(file)), overwrite: true);
        }

        return new StoreVariant(otherStoreRoot, target);
    }

    /// <summary>Changes one byte in the middle of the module; name and attestation stay as published.</summary>
    public void ChangeModuleByte()
    {
        var bytes = File.ReadAllBytes(ModuleFile);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(ModuleFile, bytes);
    }

    /// <summary>Puts another variant's module and its correctly signed attestation at this variant's key.</summary>
    public void ReplaceWith(StoreVariant other)
    {
        File.Delete(ModuleFile);
        File.Copy(other.ModuleFile, Path.Join(Folder, Path.GetFileName(other.ModuleFile)));
        File.Copy(other.AttestationFile, AttestationFile, overwrite: true);
    }

    /// <summary>
    /// Puts another variant's module here with an attestation that names THIS variant and the other module's
    /// digest, signed with <paramref name="farmKey"/>: what a farm that compiled against the wrong headers would
    /// publish. Signature, digest and attested variant all check out; only the module's own vermagic tells.
    /// </summary>
    public void ReplaceModuleAndSign(StoreVariant other, SigningKey farmKey)
    {
        var published = AttestationVerifier.VerifyEnvelope(File.ReadAllBytes(AttestationFile), new TrustedKeyRing([farmKey.Public]));
        var module = File.ReadAllBytes(other.ModuleFile);
        var digest = Digests.Sha256Hex(module);
        var subject = published.Statement.Subject[0] with { Digest = new Dictionary<string, string>(StringComparer.Ordinal) { ["sha256"] = digest } };
        var statement = published.Statement with { Subject = [subject] };
        File.Delete(ModuleFile);
        File.WriteAllBytes(Path.Join(Folder, Path.GetFileName(other.ModuleFile)), module);
        File.WriteAllBytes(AttestationFile, AttestationSigner.Sign(statement, farmKey));
    }
}
