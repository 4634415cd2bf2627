using KernelAgent.Store.Layout;

namespace KernelAgent.Agent.Cli;

/// <summary>
/// What <c>kernel-agent verify</c> was given: module files named one by one, and folders whose <c>*.ko</c> files are
/// all candidates (a store variant folder, or where an artifact was unpacked). A folder's
/// <see cref="StoreLayout.AttestationFileName"/> is the attestation when <c>--attestation</c> is not given.
/// </summary>
internal sealed record VerifyInputs(IReadOnlyList<VerifyInputs.ModuleFile> Modules, string? FolderAttestation)
{
    /// <param name="Path">The file as given or found.</param>
    /// <param name="Named">Given by name (must be attested) rather than found in a folder (may be a superseded object).</param>
    public sealed record ModuleFile(string Path, bool Named)
    {
        public string FileName => System.IO.Path.GetFileName(Path);
    }

    /// <summary>Expands the arguments; a path that is neither a file nor a folder is an <see cref="IOException"/> naming it.</summary>
    public static VerifyInputs Read(IReadOnlyList<string> arguments)
    {
        var modules = new List<ModuleFile>();
        var attestations = new List<string>();
        foreach (var argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                var found = Directory.GetFiles(argument, "*.ko").Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    throw new IOException($"the folder '{argument}' holds no .ko file");
                }

                modules.AddRange(found.Select(f => new ModuleFile(f, Named: false)));
                var attestation = Path.Join(argument, StoreLayout.AttestationFileName);
                if (File.Exists(attestation))
                {
                    attestations.Add(attestation);
                }
            }
            else if (File.Exists(argument))
            {
                modules.Add(new ModuleFile(argument, Named: true));
            }
            else
            {
                throw new IOException($"'{argument}' is neither a module file nor a folder");
            }
        }

        return new VerifyInputs(modules, attestations.Count == 1 ? attestations[0] : null);
    }
}
