using KernelAgent.Store.Attestations;
using KernelAgent.Store.Layout;

namespace KernelAgent.Store.Modules;

/// <summary>
/// Reads the modules a statement attests. Layout v2 statements (<see cref="BuildDefinition.KbuildBuildTypeV2"/>) name
/// every module of the driver as a subject annotated with its module name and install location; layout v1
/// statements have exactly one unannotated subject <c>&lt;driver&gt;.ko</c>, installed in
/// <see cref="ModuleInstallLocation.Default"/>.
/// </summary>
public static class AttestedModules
{
    /// <summary>Subject annotation naming the kernel's name of the module.</summary>
    public const string ModuleAnnotation = "kernelagent.module";

    /// <summary>Subject annotation naming the folder under /lib/modules/&lt;release&gt;/.</summary>
    public const string InstallLocationAnnotation = "kernelagent.installLocation";

    /// <summary>More modules than any driver ships (xtables-addons has 24) is a malformed statement.</summary>
    public const int MaxModules = 256;

    /// <summary>The attested modules in the statement's order, or why the subjects are not a set of modules.</summary>
    public static (IReadOnlyList<ArtifactModule>? Modules, string? Problem) Read(InTotoStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var subjects = statement.Subject;
        var v2 = statement.Predicate?.BuildDefinition?.BuildType == BuildDefinition.KbuildBuildTypeV2;
        if (subjects is null || subjects.Count == 0 || (!v2 && subjects.Count != 1) || subjects.Count > MaxModules)
        {
            return (null, v2
                ? $"the statement must have between 1 and {MaxModules} subjects, one per module"
                : "the statement must have exactly one subject with a sha256 digest");
        }

        var modules = new List<ArtifactModule>(subjects.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subject in subjects)
        {
            var (module, problem) = v2 ? ReadV2(subject) : ReadV1(subject);
            if (problem is not null)
            {
                return (null, problem);
            }

            if (!names.Add(module!.ModuleName) || !files.Add(module.FileName))
            {
                return (null, $"the module '{module.ModuleName}' ({module.FileName}) is named by more than one subject");
            }

            modules.Add(module);
        }

        return (modules, null);
    }

    private static (ArtifactModule? Module, string? Problem) ReadV1(ResourceDescriptor subject)
    {
        if (Sha256Of(subject) is not { } sha)
        {
            return (null, "the statement must have exactly one subject with a sha256 digest");
        }

        var name = subject.Name ?? string.Empty;
        var moduleName = name.EndsWith(".ko", StringComparison.Ordinal) ? KernelModuleName.Normalize(name[..^3]) : string.Empty;
        return KernelModuleName.Problem(moduleName) is { } problem
            ? (null, $"the subject '{KernelModuleName.Printable(name)}' is not a module file: {problem}")
            : (new ArtifactModule(moduleName, name, ModuleInstallLocation.Default, sha), null);
    }

    private static (ArtifactModule? Module, string? Problem) ReadV2(ResourceDescriptor subject)
    {
        var name = subject.Name ?? string.Empty;
        var shown = KernelModuleName.Printable(name);
        if (Sha256Of(subject) is not { } sha)
        {
            return (null, $"the subject '{shown}' has no sha256 digest");
        }

        if (subject.Annotations is null
            || !subject.Annotations.TryGetValue(ModuleAnnotation, out var moduleName)
            || !subject.Annotations.TryGetValue(InstallLocationAnnotation, out var location))
        {
            return (null, $"the subject '{shown}' lacks the annotations {ModuleAnnotation} and {InstallLocationAnnotation}");
        }

        if ((KernelModuleName.Problem(moduleName) ?? ModuleInstallLocation.Problem(location)) is { } problem)
        {
            return (null, $"the subject '{shown}': {problem}");
        }

        if (KernelModuleName.Problem(name.EndsWith(".ko", StringComparison.Ordinal) ? name[..^3] : string.Empty) is not null
            || KernelModuleName.Normalize(name[..^3]) != KernelModuleName.Normalize(moduleName))
        {
            return (null, $"the subject '{shown}' must be the file '{KernelModuleName.Normalize(moduleName)}.ko' of module '{moduleName}'");
        }

        return (new ArtifactModule(KernelModuleName.Normalize(moduleName), name, location, sha), null);
    }

    private static string? Sha256Of(ResourceDescriptor subject) =>
        subject.Digest is not null && subject.Digest.TryGetValue("sha256", out var digest) && Digests.IsSha256Hex(digest) ? digest : null;
}
