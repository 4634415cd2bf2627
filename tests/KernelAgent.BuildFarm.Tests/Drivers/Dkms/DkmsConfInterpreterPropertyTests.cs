using CsCheck;
using KernelAgent.BuildFarm.Drivers.Dkms;

namespace KernelAgent.BuildFarm.Tests.Drivers.Dkms;

/// <summary>
/// dkms(8)'s read_conf applied to whatever a dkms.conf set: a build configuration whose every module record names a
/// module file inside the build folder and an install location DKMS allows, or a refusal listing its problems, never
/// another exception.
/// </summary>
public sealed class DkmsConfInterpreterPropertyTests(ITestOutputHelper output)
{
    private static readonly DkmsVariables Dkms = new("6.1.0-57-amd64", "x86_64", "/usr/src/linux-headers-6.1.0-57-amd64", "/var/lib/dkms", "/usr/src", "kahello", "1.0");

    private static readonly string[] ModuleArrays = ["BUILT_MODULE_NAME", "BUILT_MODULE_LOCATION", "DEST_MODULE_NAME", "DEST_MODULE_LOCATION", "STRIP"];

    private static readonly Gen<string> Names = Gen.Frequency(
        (4, Gen.OneOf(ModuleArrays)),
        (3, Gen.OneOf([.. DkmsConfVariables.ConfNames])),
        (1, Gen.OneOf([.. DkmsConfVariables.MatchNames])));

    private static readonly Gen<string> Values = PropertyCases.Field(
        "kahello", "1.0", "a-b_c", "/extra", "/updates/dkms", "/kernel/drivers/misc", "/kernelish", "src/", "src/mod", "/abs/", "../up",
        "/extra/../..", "x.ko", "x.o", "yes", "no", "0", "1", "2", "make KERNELRELEASE=6.1", "^6", "(", "fix.patch", "../../etc/passwd");

    private static readonly Gen<(string Name, int Index, string Value)[]> Assignments =
        Gen.Select(Names, Gen.Frequency((9, Gen.Int[0, 3]), (1, Gen.Int[0, 99_999])), Values).Array[0, 14];

    [Fact]
    public void Interpret_RandomAssignments_IsAConfigurationWithSafeModuleRecordsOrAListOfProblems()
    {
        PropertyCases.Check(Gen.Select(Assignments, Gen.Bool), c =>
        {
            var (assignments, named) = c;
            (string Name, int Index, string Value)[] set = named ? [("PACKAGE_NAME", 0, "kahello"), ("PACKAGE_VERSION", 0, "1.0"), .. assignments] : assignments;
            var values = new Dictionary<string, SortedDictionary<int, string>>(StringComparer.Ordinal);
            foreach (var (name, index, value) in set)
            {
                if (!values.TryGetValue(name, out var array))
                {
                    values[name] = array = new SortedDictionary<int, string>();
                }

                array[index] = value;
            }

            DkmsConf conf;
            try
            {
                conf = DkmsConfInterpreter.Interpret(new DkmsConfVariables(values), Dkms, null, "fuzz 1.0");
            }
            catch (DkmsConfException e)
            {
                Assert.NotEmpty(e.Problems);
                Assert.All(e.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p)));
                return;
            }

            Assert.NotEmpty(conf.PackageName);
            Assert.NotEmpty(conf.PackageVersion);
            Assert.NotEmpty(conf.MakeCommand);
            Assert.NotEmpty(conf.Modules);
            Assert.All(conf.Modules, m =>
            {
                Assert.Matches("^[A-Za-z0-9_-]+$", m.BuiltName);
                Assert.False(m.BuiltLocation.StartsWith('/') || m.BuiltLocation.Split('/').Contains(".."), m.BuiltLocation);
                Assert.Matches("^/(kernel|updates|extra)", m.DestLocation);
                Assert.DoesNotContain("..", m.DestLocation.Split('/'));
            });
            Assert.Equal(conf.Modules.Count, conf.Modules.Select(m => m.BuiltFile).Distinct(StringComparer.Ordinal).Count());
        }, output, "DkmsConfInterpreter.Interpret, random assignments");
    }
}
