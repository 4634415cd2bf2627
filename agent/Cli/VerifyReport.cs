using KernelAgent.Store.Layout;
using KernelAgent.Store.Modules;

namespace KernelAgent.Agent.Cli;

/// <summary>
/// Every attested module of an artifact checked against the files given to <c>kernel-agent verify</c>, one line per
/// module; the artifact is valid only when every attested module has a file with its digest and no named file is
/// left over (all or nothing, as the agent installs). A file matches a module by the module's file name
/// (<c>jool_common.ko</c>) or by its store object name (<c>jool_common-&lt;sha256&gt;.ko</c>); one file against a
/// one-module attestation matches whatever its name.
/// </summary>
internal sealed record VerifyReport(IReadOnlyList<string> Lines, IReadOnlyList<string> Problems)
{
    public bool Valid => Problems.Count == 0;

    public static VerifyReport Check(IReadOnlyList<ArtifactModule> attested, IReadOnlyList<VerifyInputs.ModuleFile> files, Func<string, string> sha256OfFile)
    {
        ArgumentNullException.ThrowIfNull(attested);
        ArgumentNullException.ThrowIfNull(files);
        var lines = new List<string>();
        var problems = new List<string>();
        var used = new HashSet<VerifyInputs.ModuleFile>();
        foreach (var module in attested)
        {
            var file = attested.Count == 1 && files.Count == 1 ? files[0] : Find(module, files);
            if (file is null)
            {
                lines.Add($"missing   {module.FileName}: no file {module.FileName} or {StoreLayout.ModuleObjectName(module.FileName, module.Sha256)} was given");
                problems.Add($"{module.FileName} is missing");
                continue;
            }

            used.Add(file);
            var actual = sha256OfFile(file.Path);
            if (string.Equals(actual, module.Sha256, StringComparison.Ordinal))
            {
                lines.Add($"ok        {module.FileName} sha256:{actual} ({file.FileName}, installs in {module.InstallLocation})");
            }
            else
            {
                lines.Add($"MISMATCH  {module.FileName}: {file.FileName} has sha256 {actual}, the attestation names {module.Sha256}");
                problems.Add($"module {module.FileName} sha256 is {actual}, the attestation names {module.Sha256}");
            }
        }

        foreach (var extra in files.Where(f => !used.Contains(f)))
        {
            if (extra.Named)
            {
                lines.Add($"unattested {extra.FileName}: the attestation names no such module");
                problems.Add($"{extra.FileName} is not named by the attestation");
            }
            else
            {
                // A store folder keeps the objects of attestations a rebuild superseded (named by their own digest).
                lines.Add($"ignored   {extra.FileName}: not named by this attestation");
            }
        }

        return new VerifyReport(lines, problems);
    }

    private static VerifyInputs.ModuleFile? Find(ArtifactModule module, IReadOnlyList<VerifyInputs.ModuleFile> files)
    {
        var objectName = StoreLayout.ModuleObjectName(module.FileName, module.Sha256);
        return files.FirstOrDefault(f => f.FileName == objectName)
            ?? files.FirstOrDefault(f => f.FileName == module.FileName);
    }
}
