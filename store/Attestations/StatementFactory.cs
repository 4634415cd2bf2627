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

        return new InTotoStatement(
            InTotoStatement.StatementType,
            [new ResourceDescriptor(facts.ModuleFileName, Sha256(facts.ModuleSha256))],
            InTotoStatement.SlsaProvenanceType,
            new SlsaProvenance(
                new BuildDefinition(
                    BuildDefinition.KbuildBuildType,
                    new ExternalParameters(variantFields, facts.Variant.ContentKey, facts.BuildKey),
                    new InternalParameters(facts.Compiler, facts.KernelCompiler, facts.KernelSignature),
                    dependencies),
                new RunDetails(
                    new Builder(facts.BuilderId, new Dictionary<string, string>(StringComparer.Ordinal) { ["kernel-buildfarm"] = facts.BuilderVersion }),
                    new BuildMetadata(facts.BuildId, facts.StartedOn, facts.FinishedOn))));
    }

    private static Dictionary<string, string> Sha256(string hex) => new(StringComparer.Ordinal) { ["sha256"] = hex };
}
