using KernelAgent.BuildFarm.Drivers.Dkms;

namespace KernelAgent.BuildFarm.Tests.Drivers.Dkms;

public sealed class DkmsConfInterpreterTests
{
    private static readonly DkmsVariables _dkms = new("6.1.0-57-amd64", "x86_64", "/usr/src/linux-headers-6.1.0-57-amd64", "/var/lib/dkms", "/usr/src", "kahello", "1.0");

    private static DkmsConf Interpret(params (string Name, int Index, string Value)[] values)
    {
        Assert.True(DkmsConfOutput.TryParse(DkmsConfOutput.Write([("PACKAGE_NAME", 0, "kahello"), ("PACKAGE_VERSION", 0, "1.0"), .. values]), out var variables, out var error), error);
        return DkmsConfInterpreter.Interpret(variables!, _dkms, null, "kahello 1.0");
    }

    [Fact]
    public void Interpret_OneDestLocationWithoutName_DefaultsToPackageName()
    {
        var conf = Interpret(("DEST_MODULE_LOCATION", 0, "/extra"));

        Assert.Equal("kahello", Assert.Single(conf.Modules).BuiltName);
        Assert.Equal("make -C /usr/src/linux-headers-6.1.0-57-amd64 M=/var/lib/dkms/kahello/1.0/build", conf.MakeCommand);
        Assert.True(conf.Modules[0].Strip);
    }

    [Fact]
    public void Interpret_SparseArrays_RecordWithoutNameIsAProblem()
    {
        var e = Assert.Throws<DkmsConfException>(() => Interpret(
            ("BUILT_MODULE_NAME", 0, "a"), ("DEST_MODULE_LOCATION", 0, "/extra"), ("BUILT_MODULE_NAME", 2, "b"), ("DEST_MODULE_LOCATION", 2, "/extra")));

        Assert.Contains("no BUILT_MODULE_NAME for record #1", e.Problems);
        Assert.Contains("no DEST_MODULE_LOCATION for record #1", e.Problems);
    }

    [Fact]
    public void Interpret_ZeroModules_IsAProblem()
    {
        var e = Assert.Throws<DkmsConfException>(() => Interpret());

        Assert.Contains(e.Problems, p => p.StartsWith("no modules", StringComparison.Ordinal));
    }

    [Fact]
    public void Interpret_EveryProblem_ReportedAtOnce()
    {
        var e = Assert.Throws<DkmsConfException>(() => DkmsConfInterpreter.Interpret(
            new DkmsConfVariables(new Dictionary<string, SortedDictionary<int, string>> { ["BUILT_MODULE_NAME"] = new() { [0] = "x.ko" } }), _dkms, null, "d"));

        Assert.Equal(
            ["BUILT_MODULE_NAME[0] 'x.ko' ends in .o or .ko", "DEST_MODULE_NAME[0] 'x.ko' ends in .o or .ko", "no DEST_MODULE_LOCATION for record #0", "no PACKAGE_NAME", "no PACKAGE_VERSION"],
            e.Problems);
    }

    [Fact]
    public void Interpret_PatchMatchBashCannotRead_IsAProblemNotASkippedPatch()
    {
        var e = Assert.Throws<DkmsConfException>(() => Interpret(
            ("DEST_MODULE_LOCATION", 0, "/extra"), ("PATCH", 0, "fix.patch"), ("PATCH_MATCH", 0, "("), ("_KA_PATCH_MATCHED", 0, "2")));

        Assert.Contains("PATCH_MATCH[0] \"(\" is not a valid regular expression for bash's =~", e.Problems);
    }

    [Fact]
    public void Interpret_MakeMatch_ChoosesTheMatchingMakeLine()
    {
        var conf = Interpret(
            ("BUILT_MODULE_NAME", 0, "kahello"), ("DEST_MODULE_LOCATION", 0, "/extra"),
            ("MAKE", 0, "make old"), ("MAKE_MATCH", 0, "^4"), ("_KA_MAKE_MATCHED", 0, "1"),
            ("MAKE", 1, "make new"), ("MAKE_MATCH", 1, "^6"), ("_KA_MAKE_MATCHED", 1, "0"));

        Assert.Equal("make new", conf.MakeCommand);
        Assert.Equal("make -j4 KERNELRELEASE=6.1.0-57-amd64 new", DkmsBuildPlan.For(conf, _dkms, 4).MakeCommand);
    }

    [Fact]
    public void Interpret_ExclusiveKernelNotMatched_NamesTheRule()
    {
        var conf = Interpret(("DEST_MODULE_LOCATION", 0, "/extra"), ("BUILD_EXCLUSIVE_KERNEL", 0, "^5\\."), ("_KA_EXCLUSIVE_KERNEL_MATCHED", 0, "1"));

        Assert.Equal("BUILD_EXCLUSIVE_KERNEL=\"^5\\.\" does not match the kernel 6.1.0-57-amd64", conf.Exclusion);
    }

    [Fact]
    public void Interpret_InvalidRegularExpression_IsAProblem()
    {
        var e = Assert.Throws<DkmsConfException>(() => Interpret(("DEST_MODULE_LOCATION", 0, "/extra"), ("BUILD_EXCLUSIVE_ARCH", 0, "("), ("_KA_EXCLUSIVE_ARCH_MATCHED", 0, "2")));

        Assert.Contains("BUILD_EXCLUSIVE_ARCH \"(\" is not a valid regular expression for bash's =~", e.Problems);
    }

    [Fact]
    public void Interpret_PatchMatch_OnlyMatchingPatchesApply()
    {
        var conf = Interpret(
            ("DEST_MODULE_LOCATION", 0, "/extra"), ("PATCH", 0, "all.patch"), ("PATCH", 1, "old.patch"), ("PATCH_MATCH", 1, "^4"), ("_KA_PATCH_MATCHED", 1, "1"));

        Assert.Equal(["all.patch"], conf.Patches);
    }

    [Fact]
    public void Interpret_StripOfFirstRecord_IsTheDefaultOfTheOthers()
    {
        var conf = Interpret(
            ("BUILT_MODULE_NAME", 0, "a"), ("DEST_MODULE_LOCATION", 0, "/extra"), ("STRIP", 0, "no"),
            ("BUILT_MODULE_NAME", 1, "b"), ("DEST_MODULE_LOCATION", 1, "/extra"));

        Assert.Equal([false, false], conf.Modules.Select(m => m.Strip));
    }

    [Theory]
    [InlineData("debian", "/kernel/drivers/net", "updates/dkms")]
    [InlineData("rhel", "/updates", "extra")]
    [InlineData("amzn", "/kernel/drivers/net/ovpn", "kernel/drivers/net/ovpn")]
    public void For_Distribution_MapsLikeDkms(string distro, string dest, string expected) =>
        Assert.Equal(expected, DkmsInstallLocation.For(distro, dest));
}
