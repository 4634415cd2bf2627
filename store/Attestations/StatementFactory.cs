using KernelAgent.Store.Modules;

namespace KernelAgent.Store.Attestations;

/// <summary>Builds the in-toto Statement with SLSA provenance v1 that the farm signs for each artifact.</summary>
public static class StatementFactory
{
    /// <summary>Name of the resolved dependency that records the driver source digest.</summary>
    public const string DriverSourcePrefix = "driver-source:";

    public static InTotoStatement Create(ProvenanceFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var variantFields = facts.Variant.Fields().ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var dependencies = new List<ResourceDescriptor>
        {
            new(DriverSourcePrefix + facts.Variant.Driver.Name + "@" + facts.Variant.Driver.Version, Sha256(facts.DriverSourceSha256)),
        };
        dependencies.AddRange(facts.HeaderPackages.Select(p => new ResourceDescriptor(p.Name + "@" + p.Version, Sha256(p.Sha256), p.PackageUrl)));

        var statement = new InTotoStatement(
            InTotoStatement.StatementType,
            [.. facts.Modules.Select(Subject)],
            InTotoStatement.SlsaProvenanceType,
            new SlsaProvenance(
                new BuildDefinition(
                    BuildDefinition.KbuildBuildTypeV2,
                    new ExternalParameters(variantFields, facts.Variant.ContentKey, facts.BuildKey),
                    new InternalParameters(facts.Compiler, facts.KernelCompiler, facts.KernelSignature),
                    dependencies),
                new RunDetails(
                    new Builder(facts.BuilderId, new Dictionary<string, string>(StringComparer.Ordinal) { ["kernel-buildfarm"] = facts.BuilderVersion }),
                    new BuildMetadata(facts.BuildId, facts.StartedOn, facts.FinishedOn))));

        // Never sign what every reader would refuse: the subjects are read back with the readers' own rule.
        return AttestedModules.Read(statement).Problem is { } problem
            ? throw new ArgumentException($"the modules cannot be attested: {problem}", nameof(facts))
            : statement;
    }

    private static ResourceDescriptor Subject(ArtifactModule module) => new(
        module.FileName,
        Sha256(module.Sha256),
        Annotations: new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [AttestedModules.ModuleAnnotation] = module.ModuleName,
            [AttestedModules.InstallLocationAnnotation] = module.InstallLocation,
        });

    private static Dictionary<string, string> Sha256(string hex) => new(StringComparer.Ordinal) { ["sha256"] = hex };
}
