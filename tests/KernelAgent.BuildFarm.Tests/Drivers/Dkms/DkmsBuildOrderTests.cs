using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Drivers.Dkms;

namespace KernelAgent.BuildFarm.Tests.Drivers.Dkms;

/// <summary>
/// BUILD_DEPENDS between registered drivers, with dkms's semantics (its autoinstall rounds; DKMS's own test suite
/// covers a dependency built first and a circular pair): fixture trees of our own, read by the registration precheck.
/// </summary>
public sealed class DkmsBuildOrderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ka-build-depends-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Compute_DependencyRegisteredAfterItsUser_BuildsTheDependencyFirst()
    {
        var (order, problems) = DkmsBuildOrder.Compute([("jool", ["jool_common"]), ("jool_siit", ["jool_common"]), ("jool_common", []), ("other", [])]);

        Assert.Empty(problems);
        Assert.Equal(["jool_common", "other", "jool", "jool_siit"], order);
    }

    [Fact]
    public void Compute_ChainOfThree_BuildsInChainOrder()
    {
        var (order, problems) = DkmsBuildOrder.Compute([("c", ["b"]), ("b", ["a"]), ("a", [])]);

        Assert.Empty(problems);
        Assert.Equal(["a", "b", "c"], order);
    }

    [Fact]
    public void Compute_CircularPair_RefusesNamingTheCycle()
    {
        var (order, problems) = DkmsBuildOrder.Compute([("a", ["b"]), ("b", ["a"]), ("c", [])]);

        Assert.Empty(order);
        Assert.Equal(["circular BUILD_DEPENDS: a -> b -> a"], problems);
    }

    [Fact]
    public void Compute_LongerCycleAndSelfDependency_NamesEachCycle()
    {
        var (_, problems) = DkmsBuildOrder.Compute([("x", ["x"]), ("a", ["b"]), ("b", ["c"]), ("c", ["a"])]);

        Assert.Equal(["circular BUILD_DEPENDS: x -> x", "circular BUILD_DEPENDS: a -> b -> c -> a"], problems);
    }

    [Fact]
    public void Compute_DependencyNotRegistered_RefusesNamingIt()
    {
        var (order, problems) = DkmsBuildOrder.Compute([("jool", ["jool_common"])]);

        Assert.Empty(order);
        Assert.Equal(["jool: BUILD_DEPENDS names 'jool_common', which is not a registered driver"], problems);
    }

    [Fact]
    public void Check_LiteralBuildDepends_IsRead()
    {
        var tree = Tree("b", "BUILD_DEPENDS=\"a  c\"");

        var result = DkmsConfPrecheck.Check(tree);

        Assert.Equal(["a", "c"], result.BuildDepends);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Check_LiteralBuildDependsOverTwoLines_IsSplitAsBashSplitsIt()
    {
        var result = DkmsConfPrecheck.Check(Tree("b", "BUILD_DEPENDS=\"a\nc\""));

        Assert.Equal(["a", "c"], result.BuildDepends);
    }

    [Fact]
    public void Check_ComputedBuildDepends_IsANote()
    {
        var result = DkmsConfPrecheck.Check(Tree("b", "BUILD_DEPENDS=\"$(echo a)\""));

        Assert.Empty(result.BuildDepends);
        Assert.Contains(result.Notes, n => n.Contains("BUILD_DEPENDS is computed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_TwoRegisteredDriversDependingOnEachOther_ReportsTheCycle()
    {
        var a = Tree("a", "BUILD_DEPENDS=\"b\"");
        var b = Tree("b", "BUILD_DEPENDS=\"a\"");
        var options = new DriverRegistryOptions
        {
            RegistrationDirectory = string.Empty,
            Drivers =
            [
                new DriverRegistration { Name = "a", Version = "1.0", Source = a, Sha256 = DriverSourceDigest.ComputeForFolder(a) },
                new DriverRegistration { Name = "b", Version = "1.0", Source = b, Sha256 = DriverSourceDigest.ComputeForFolder(b) },
            ],
        };

        var problems = await DriverCheck.RunAsync(options, new NoPackagesMissing(), TestContext.Current.CancellationToken);

        Assert.Equal(["circular BUILD_DEPENDS: a -> b -> a"], problems);
    }

    private string Tree(string name, string extra)
    {
        var tree = Directory.CreateDirectory(Path.Join(_dir, name)).FullName;
        File.WriteAllText(Path.Join(tree, "dkms.conf"),
            $"PACKAGE_NAME=\"{name}\"\nPACKAGE_VERSION=\"1.0\"\nBUILT_MODULE_NAME[0]=\"{name}\"\nDEST_MODULE_LOCATION[0]=\"/extra\"\n{extra}\n");
        File.WriteAllText(Path.Join(tree, name + ".c"), "#include <linux/module.h>\nMODULE_LICENSE(\"GPL\");\n");
        File.WriteAllText(Path.Join(tree, "Makefile"), $"obj-m := {name}.o\n");
        return tree;
    }

    private sealed class NoPackagesMissing : IBuildDependencyCheck
    {
        public IReadOnlyList<string> Missing(IReadOnlyList<string> packages) => [];
    }
}
