using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Modules;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Resolution;

/// <summary>
/// The agent's local copy of verified artifacts, one folder per content key. Files are written to temp
/// names and renamed, the attestation last. Nothing here is trusted because it exists: every read
/// verifies signature, digest and variant again, and a copy that fails is moved to quarantine.
/// </summary>
internal sealed class ArtifactCache(string directory, TimeProvider time)
{
    /// <summary>Where caches before multi-module artifacts kept their one module; still read.</summary>
    public const string LegacyModuleFileName = "module.ko";
    public const string AttestationFileName = "attestation.dsse.json";
    public const string QuarantineFolder = "quarantine";

    public string Directory { get; } = directory;

    public string FolderOf(ArtifactVariant variant) => Path.Join(Directory, variant.ContentKey);

    /// <summary>
    /// The cached file of one attested module: its own file name in the variant's folder (the attestation's reader has
    /// checked that it is a plain <c>&lt;name&gt;.ko</c>).
    /// </summary>
    public string ModulePathOf(ArtifactVariant variant, ArtifactModule module) => Path.Join(FolderOf(variant), module.FileName);

    /// <summary>The verified cached artifact, null when absent. Throws when present but refused; the caller quarantines it.</summary>
    /// <exception cref="AttestationVerificationException">The cached copy failed verification.</exception>
    public async Task<ResolvedArtifact?> TryGetAsync(ArtifactVariant variant, TrustedKeyRing keys, CancellationToken cancellationToken)
    {
        var folder = FolderOf(variant);
        var attestationPath = Path.Join(folder, AttestationFileName);
        if (!File.Exists(attestationPath))
        {
            return null;
        }

        var envelope = await File.ReadAllBytesAsync(attestationPath, cancellationToken);
        var verified = AttestationVerifier.VerifyEnvelope(envelope, keys);
        AttestationVerifier.CheckVariant(verified, variant);
        var modules = new List<ResolvedModule>(verified.Modules.Count);
        foreach (var module in verified.Modules)
        {
            var path = ModulePathOf(variant, module);
            if (!File.Exists(path) && verified.Modules.Count == 1 && File.Exists(Path.Join(folder, LegacyModuleFileName)))
            {
                // Kept under its own name from now on, so that loading from the cache finds it; verified below before use.
                await WriteAtomicallyAsync(path, await File.ReadAllBytesAsync(Path.Join(folder, LegacyModuleFileName), cancellationToken), cancellationToken);
            }

            if (!File.Exists(path))
            {
                // An attestation whose modules are not all here is an interrupted write: a miss, fetched again.
                return null;
            }

            modules.Add(new ResolvedModule(module, Path.GetFileName(path), await File.ReadAllBytesAsync(path, cancellationToken)));
        }

        AttestationVerifier.CheckModules(verified, [.. modules.Select(m => (ReadOnlyMemory<byte>)m.Bytes)]);
        return new ResolvedArtifact(variant, new Uri(Path.GetFullPath(folder) + "/"), modules, AttestationFileName, envelope, verified);
    }

    /// <summary>Stores a verified artifact so the next start (and the next boot) needs no network.</summary>
    public async Task PutAsync(ResolvedArtifact artifact, CancellationToken cancellationToken)
    {
        var folder = FolderOf(artifact.Variant);
        System.IO.Directory.CreateDirectory(folder);
        foreach (var module in artifact.Modules)
        {
            await WriteAtomicallyAsync(ModulePathOf(artifact.Variant, module.Module), module.Bytes, cancellationToken);
        }

        await WriteAtomicallyAsync(Path.Join(folder, AttestationFileName), artifact.Envelope, cancellationToken);
    }

    /// <summary>Moves a refused copy aside (kept for inspection, never read again).</summary>
    public string? Quarantine(ArtifactVariant variant)
    {
        var folder = FolderOf(variant);
        if (!System.IO.Directory.Exists(folder))
        {
            return null;
        }

        var target = Path.Join(Directory, QuarantineFolder, $"{variant.ContentKey}-{time.GetUtcNow():yyyyMMddTHHmmssfff}");
        if (System.IO.Directory.Exists(target))
        {
            // A second refusal within the same millisecond (or under a stopped clock) must not lose the first copy.
            target += "-" + Guid.NewGuid().ToString("N")[..8];
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        System.IO.Directory.Move(folder, target);
        return target;
    }

    internal static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
