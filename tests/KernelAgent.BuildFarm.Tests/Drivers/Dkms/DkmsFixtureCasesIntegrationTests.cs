using KernelAgent.BuildFarm.Tests.Compilation;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;

namespace KernelAgent.BuildFarm.Tests.Drivers.Dkms;

/// <summary>
/// The cases of DKMS's own test suite, with trees of our own, through the farm's reader and build and through
/// Debian's <c>dkms</c>: the same outcome (built with the same modules and srcversions, excluded, invalid, failed).
/// </summary>
[Trait("Category", "Integration")]
[Collection(DebianArchiveTestGroup.Name)]
public sealed class DkmsFixtureCasesIntegrationTests(DebianHeadersFixture kernels, ITestOutputHelper output)
{
    public static TheoryData<string> Cases => [.. DkmsFixtureTrees.Cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CompileAsync_DkmsTestSuiteCase_SameOutcomeAsDkms(string caseName)
    {
        kernels.Require();
        IntegrationRequirement.Require(DkmsOracle.Available, "dkms and bubblewrap are needed (Debian packages dkms, bubblewrap)");
        var token = TestContext.Current.CancellationToken;
        using var scratch = new ScratchDirectory("dkms-case");
        var headers = await SampleModuleBuild.SharedHeadersAsync(kernels.Amd64, token);
        var farmTree = Path.Join(scratch.Path, "farm", "build");
        DkmsFixtureTrees.Write(farmTree, caseName);
        var sourceTree = Path.Join(scratch.Path, "src");
        DkmsFixtureTrees.Write(Path.Join(sourceTree, $"{DkmsFixtureTrees.Name}-{DkmsFixtureTrees.Version}"), caseName);

        var farm = await DkmsBuilds.BuildAsync(farmTree, DkmsFixtureTrees.Name, DkmsFixtureTrees.Version, headers, null, token);
        var dkms = await DkmsOracle.BuildAsync(scratch.Path, sourceTree, DkmsFixtureTrees.Name, DkmsFixtureTrees.Version, headers, token);

        output.WriteLine($"{caseName}: farm {farm.Outcome} ({farm.Message}); dkms {dkms.Outcome}");
        Assert.Equal(DkmsFixtureTrees.Cases[caseName].Expected, farm.Outcome);
        Assert.True(dkms.Outcome == farm.Outcome, $"dkms: {dkms.Outcome}\n{dkms.Output}");
        Assert.Equal(dkms.Modules.OrderBy(m => m.Key, StringComparer.Ordinal), farm.Modules.OrderBy(m => m.Key, StringComparer.Ordinal));
        if (caseName == "listed-module-not-built")
        {
            Assert.Contains("produced no kamissing.ko; it produced: kahello.ko", farm.Message, StringComparison.Ordinal);
        }

        if (caseName == "compile-error")
        {
            Assert.Contains("first error:", farm.Message, StringComparison.Ordinal);
            Assert.Contains("undeclared_thing", farm.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CompileAsync_CrlfDkmsConf_ReadAsLf()
    {
        kernels.Require();
        IntegrationRequirement.Require(DkmsOracle.Available, "bubblewrap is needed");
        var token = TestContext.Current.CancellationToken;
        using var scratch = new ScratchDirectory("dkms-crlf");
        var headers = await SampleModuleBuild.SharedHeadersAsync(kernels.Amd64, token);
        var tree = Path.Join(scratch.Path, "build");
        DkmsFixtureTrees.Write(tree, "defaulted-built-module-name", crlf: true);
        var lines = new List<string>();

        var farm = await DkmsBuilds.BuildAsync(tree, DkmsFixtureTrees.Name, DkmsFixtureTrees.Version, headers, lines.Add, token);

        Assert.Equal(DkmsOracle.Outcome.Built, farm.Outcome);
        Assert.Equal(["kahello.ko"], farm.Modules.Keys);
        Assert.Contains(lines, l => l.Contains("CRLF", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CompileAsync_UnlistedModule_FailsNamingIt()
    {
        kernels.Require();
        IntegrationRequirement.Require(DkmsOracle.Available, "bubblewrap is needed");
        var token = TestContext.Current.CancellationToken;
        using var scratch = new ScratchDirectory("dkms-unlisted");
        var headers = await SampleModuleBuild.SharedHeadersAsync(kernels.Amd64, token);
        var tree = Path.Join(scratch.Path, "build");
        DkmsFixtureTrees.Write(tree, "defaulted-built-module-name");
        File.WriteAllText(Path.Join(tree, "Kbuild"), "obj-m := kahello.o kaextra.o\n");
        File.Copy(Path.Join(tree, "kahello.c"), Path.Join(tree, "kaextra.c"));
        File.WriteAllText(Path.Join(tree, "kaextra.c"), File.ReadAllText(Path.Join(tree, "kaextra.c")).Replace("kahello", "kaextra", StringComparison.Ordinal));
        var lines = new List<string>();

        var farm = await DkmsBuilds.BuildAsync(tree, DkmsFixtureTrees.Name, DkmsFixtureTrees.Version, headers, lines.Add, token);

        Assert.Equal(DkmsOracle.Outcome.Failed, farm.Outcome);
        Assert.Contains("does not list: kaextra.ko", farm.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompileAsync_MakefileAsksUname_GetsTargetRelease()
    {
        kernels.Require();
        IntegrationRequirement.Require(DkmsOracle.Available, "bubblewrap is needed");
        var token = TestContext.Current.CancellationToken;
        using var scratch = new ScratchDirectory("dkms-uname");
        var headers = await SampleModuleBuild.SharedHeadersAsync(kernels.Amd64, token);
        var tree = Path.Join(scratch.Path, "build");
        DkmsFixtureTrees.Write(tree, "defaulted-built-module-name");
        File.AppendAllText(Path.Join(tree, "Kbuild"), "$(if $(filter $(shell uname -r),$(KERNELRELEASE)),,$(error uname -r says $(shell uname -r)))\n");
        var lines = new List<string>();

        var farm = await DkmsBuilds.BuildAsync(tree, DkmsFixtureTrees.Name, DkmsFixtureTrees.Version, headers, lines.Add, token);

        Assert.True(farm.Outcome == DkmsOracle.Outcome.Built, farm.Message);
        Assert.Contains(lines, l => l.Contains($"uname -r inside the sandbox answers {headers.Target.KernelRelease}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("kernel-buildfarm: running (make): make -j", StringComparison.Ordinal));
    }
}
