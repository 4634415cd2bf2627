using KernelAgent.Agent.Loading;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Resolution;

/// <summary>
/// What the agent installed under <c>lib/modules</c>, with the attestation (DSSE envelope) that vouched for it kept in
/// the agent's state folder, <c>&lt;state&gt;/attestations/&lt;release&gt;/&lt;driver&gt;.dsse.json</c>: not in the cache, so a boot
/// with every store and the farm unreachable and the cache gone still loads a module set it verified before. Nothing
/// is trusted because it is there: every read verifies the signature under the trusted keys, the variant, and each
/// installed module's digest again (the caller then checks vermagic), and anything that fails is simply not used.
/// </summary>
internal sealed class InstalledArtifacts(string hostRoot, string stateDirectory)
{
    public const string AttestationsFolder = "attestations";
    public const string Extension = ".dsse.json";

    private const UnixFileMode EnvelopeMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Where the envelope of <paramref name="driver"/>'s modules installed for <paramref name="release"/> is kept.</summary>
    public string EnvelopePath(string release, string driver)
    {
        if ((ModuleNames.ReleaseProblem(release) ?? ModuleNames.NameProblem(driver)) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        return Path.Join(stateDirectory, AttestationsFolder, release, driver + Extension);
    }

    /// <summary>Records the envelope of an artifact just installed (temp file + rename), after its modules are in place.</summary>
    /// <exception cref="ModuleInstallException">The file could not be written.</exception>
    public void Record(ResolvedArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var (release, driver) = (artifact.Variant.Kernel.KernelRelease, artifact.Variant.Driver.Name);
        var path = EnvelopePath(release, driver);
        try
        {
            AtomicFile.Write(path, artifact.Envelope, EnvelopeMode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleInstallException(driver, release, $"cannot keep the attestation beside the installed modules in {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The installed artifact of <paramref name="variant"/>, verified again, or null when nothing is recorded or a module
    /// is missing.
    /// </summary>
    /// <exception cref="AttestationVerificationException">The recorded envelope or an installed module does not verify.</exception>
    public async Task<ResolvedArtifact?> TryGetAsync(ArtifactVariant variant, TrustedKeyRing keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var path = EnvelopePath(variant.Kernel.KernelRelease, variant.Driver.Name);
        if (!File.Exists(path))
        {
            return null;
        }

        var envelope = await File.ReadAllBytesAsync(path, cancellationToken);
        var verified = AttestationVerifier.VerifyEnvelope(envelope, keys);
        AttestationVerifier.CheckVariant(verified, variant);
        var releaseFolder = Path.Join(hostRoot, "lib/modules", variant.Kernel.KernelRelease);
        var modules = new List<ResolvedModule>(verified.Modules.Count);
        foreach (var module in verified.Modules)
        {
            // Location and file name passed the attestation reader's rules: relative, no "..", a plain "<name>.ko".
            var file = Path.Join(releaseFolder, module.InstallLocation, module.FileName);
            if (!File.Exists(file))
            {
                return null;
            }

            modules.Add(new ResolvedModule(module, file, await File.ReadAllBytesAsync(file, cancellationToken)));
        }

        AttestationVerifier.CheckModules(verified, [.. modules.Select(m => (ReadOnlyMemory<byte>)m.Bytes)]);
        return new ResolvedArtifact(variant, new Uri(Path.GetFullPath(releaseFolder) + "/"), modules, path, envelope, verified);
    }
}
