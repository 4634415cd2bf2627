using CsCheck;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Modules;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Modules;

public sealed class AttestedModulesTests
{
    private static readonly string Sha = new('a', 64);

    [Fact]
    public void Read_V1Statement_IsOneModuleNamedAfterItsFileInUpdatesDkms()
    {
        var statement = V1(new ResourceDescriptor("kagent-sample.ko", Digest(Sha)));

        var (modules, problem) = AttestedModules.Read(statement);

        Assert.Null(problem);
        var module = Assert.Single(modules!);
        Assert.Equal(new ArtifactModule("kagent_sample", "kagent-sample.ko", "updates/dkms", Sha), module);
    }

    [Fact]
    public void Read_V1StatementWithTwoSubjects_IsRefused() =>
        Assert.Contains("exactly one subject", AttestedModules.Read(V1(Subject("a", "updates/dkms"), Subject("b", "updates/dkms"))).Problem, StringComparison.Ordinal);

    [Theory]
    [InlineData("jool", "jool", "../x", "install location")]
    [InlineData("jool", "jool_siit", "updates/dkms", "must be the file")]
    [InlineData("jool", "jo ol", "updates/dkms", "module name")]
    public void Read_V2SubjectWithBadAnnotations_IsRefused(string file, string module, string location, string expected)
    {
        var subject = new ResourceDescriptor(file + ".ko", Digest(Sha), Annotations: Annotations(module, location));

        Assert.Contains(expected, AttestedModules.Read(V2(subject)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_V2TwoSubjectsForOneModule_IsRefused() =>
        Assert.Contains("more than one subject", AttestedModules.Read(V2(Subject("jool", "updates/dkms"), Subject("jool", "extra"))).Problem, StringComparison.Ordinal);

    [Fact]
    public void Read_V2SubjectWithoutAnnotations_IsRefused() =>
        Assert.Contains("lacks the annotations", AttestedModules.Read(V2(new ResourceDescriptor("jool.ko", Digest(Sha)))).Problem, StringComparison.Ordinal);

    [Fact]
    public void Read_AnySubjects_AreARefusalOrModulesNeverAnException()
    {
        var text = Gen.String[Gen.Char["aZ_-.ko/ 0"], 0, 12];
        var subject = Gen.Select(text, text, text, Gen.Bool, Gen.Bool, (name, module, location, annotated, hasDigest) =>
            new ResourceDescriptor(name, hasDigest ? Digest(Sha) : new Dictionary<string, string>(), Annotations: annotated ? Annotations(module, location) : null));
        var cases = 0;
        Gen.Select(subject.List[0, 4], Gen.Bool).Sample((subjects, v2) =>
        {
            Interlocked.Increment(ref cases);
            var (modules, problem) = AttestedModules.Read(v2 ? V2([.. subjects]) : V1([.. subjects]));
            return (modules is null) != (problem is null)
                && (modules is null || modules.All(m => KernelModuleName.Problem(m.ModuleName) is null && ModuleInstallLocation.Problem(m.InstallLocation) is null));
        }, iter: 20000);
        Console.WriteLine($"AttestedModules.Read: {cases} cases");
        TestContext.Current.SendDiagnosticMessage($"AttestedModules.Read: {cases} cases");
    }

    private static ResourceDescriptor Subject(string name, string location) =>
        new(name + ".ko", Digest(Sha), Annotations: Annotations(name, location));

    private static Dictionary<string, string> Digest(string sha) => new(StringComparer.Ordinal) { ["sha256"] = sha };

    private static Dictionary<string, string> Annotations(string module, string location) => new(StringComparer.Ordinal)
    {
        [AttestedModules.ModuleAnnotation] = module,
        [AttestedModules.InstallLocationAnnotation] = location,
    };

    private static InTotoStatement V1(params ResourceDescriptor[] subjects) => With(BuildDefinition.KbuildBuildType, subjects);

    private static InTotoStatement V2(params ResourceDescriptor[] subjects) => With(BuildDefinition.KbuildBuildTypeV2, subjects);

    private static InTotoStatement With(string buildType, ResourceDescriptor[] subjects)
    {
        var statement = StatementFactory.Create(TestVariants.Facts(TestVariants.Debian(), TestVariants.FakeModule()));
        return statement with
        {
            Subject = subjects,
            Predicate = statement.Predicate with { BuildDefinition = statement.Predicate.BuildDefinition with { BuildType = buildType } },
        };
    }
}
