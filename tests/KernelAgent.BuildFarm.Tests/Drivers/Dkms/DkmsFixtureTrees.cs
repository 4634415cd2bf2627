namespace KernelAgent.BuildFarm.Tests.Drivers.Dkms;

/// <summary>
/// Small DKMS trees of our own covering the cases DKMS's own test suite checks (facts from it, not its files):
/// each a module source (with MODULE_VERSION, so it has a srcversion) and a dkms.conf.
/// </summary>
internal static class DkmsFixtureTrees
{
    public const string Name = "kahello";
    public const string Version = "1.0";

    /// <summary>Case name -> (dkms.conf text, extra files, expected outcome).</summary>
    public static IReadOnlyDictionary<string, (string Conf, IReadOnlyDictionary<string, string> Files, DkmsOracle.Outcome Expected)> Cases { get; } =
        new Dictionary<string, (string, IReadOnlyDictionary<string, string>, DkmsOracle.Outcome)>
        {
            ["defaulted-built-module-name"] = (Conf("DEST_MODULE_LOCATION[0]=\"/extra\""), Module("kahello"), DkmsOracle.Outcome.Built),
            ["sparse-module-arrays"] = (Conf("BUILT_MODULE_NAME[0]=\"kahello\"\nDEST_MODULE_LOCATION[0]=\"/extra\"\nBUILT_MODULE_NAME[2]=\"other\"\nDEST_MODULE_LOCATION[2]=\"/extra\""), Module("kahello"), DkmsOracle.Outcome.Invalid),
            ["zero-modules"] = (Conf(string.Empty), Module("kahello"), DkmsOracle.Outcome.Invalid),
            ["name-ends-in-ko"] = (Conf("BUILT_MODULE_NAME[0]=\"kahello.ko\"\nDEST_MODULE_LOCATION[0]=\"/extra\""), Module("kahello"), DkmsOracle.Outcome.Invalid),
            ["bad-dest-location"] = (Conf("BUILT_MODULE_NAME[0]=\"kahello\"\nDEST_MODULE_LOCATION[0]=\"/opt\""), Module("kahello"), DkmsOracle.Outcome.Invalid),
            ["exclusive-kernel"] = (Conf(One + "\nBUILD_EXCLUSIVE_KERNEL=\"^4\\.\""), Module("kahello"), DkmsOracle.Outcome.Excluded),
            ["exclusive-arch"] = (Conf(One + "\nBUILD_EXCLUSIVE_ARCH=\"^aarch64$\""), Module("kahello"), DkmsOracle.Outcome.Excluded),
            ["exclusive-config-missing"] = (Conf(One + "\nBUILD_EXCLUSIVE_CONFIG=\"CONFIG_KAHELLO_NOT_A_REAL_OPTION\""), Module("kahello"), DkmsOracle.Outcome.Excluded),
            ["exclusive-config-negated"] = (Conf(One + "\nBUILD_EXCLUSIVE_CONFIG=\"!CONFIG_X86_64\""), Module("kahello"), DkmsOracle.Outcome.Excluded),
            ["exclusive-all-match"] = (Conf(One + "\nBUILD_EXCLUSIVE_KERNEL=\"^6\\.\"\nBUILD_EXCLUSIVE_ARCH=\"x86_64\"\nBUILD_EXCLUSIVE_CONFIG=\"CONFIG_MODULES !CONFIG_KAHELLO_NOT_A_REAL_OPTION\""), Module("kahello"), DkmsOracle.Outcome.Built),
            ["patch-missing"] = (Conf(One + "\nPATCH[0]=\"missing.patch\""), Module("kahello"), DkmsOracle.Outcome.Failed),
            ["patch-not-for-this-kernel"] = (Conf(One + "\nPATCH[0]=\"missing.patch\"\nPATCH_MATCH[0]=\"^4\\.\""), Module("kahello"), DkmsOracle.Outcome.Built),
            ["patch-applied"] = (Conf(One + "\nPATCH[0]=\"version.patch\""), With(Module("kahello"), "patches/version.patch", VersionPatch), DkmsOracle.Outcome.Built),
            ["make-match-per-kernel"] = (Conf(One + "\nMAKE[0]=\"false\"\nMAKE_MATCH[0]=\"^4\\.\"\nMAKE[1]=\"make -C ${kernel_source_dir} M=${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build\"\nMAKE_MATCH[1]=\"^6\\.\""), Module("kahello"), DkmsOracle.Outcome.Built),
            ["two-modules-in-folders"] = (Conf("BUILT_MODULE_NAME[0]=\"kahello\"\nBUILT_MODULE_LOCATION[0]=\"a\"\nDEST_MODULE_LOCATION[0]=\"/extra\"\nBUILT_MODULE_NAME[1]=\"kahello_two\"\nBUILT_MODULE_LOCATION[1]=\"b/\"\nDEST_MODULE_LOCATION[1]=\"/extra\"\nMAKE[0]=\"make -C ${kernel_source_dir} M=${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build/a && make -C ${kernel_source_dir} M=${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build/b\""),
                With(Module("kahello", "a/"), Module("kahello_two", "b/")), DkmsOracle.Outcome.Built),
            ["invalid-shell"] = (Conf("if then fi (((\n" + One), Module("kahello"), DkmsOracle.Outcome.Invalid),
            ["computed-from-config"] = (Conf("if grep -q '^CONFIG_X86_64=y' \"$kernel_source_dir/.config\"; then BUILT_MODULE_NAME[0]=kahello; fi\nDEST_MODULE_LOCATION[0]=\"/extra\""), Module("kahello"), DkmsOracle.Outcome.Built),
            ["listed-module-not-built"] = (Conf(One + "\nBUILT_MODULE_NAME[1]=\"kamissing\"\nDEST_MODULE_LOCATION[1]=\"/extra\""), Module("kahello"), DkmsOracle.Outcome.Failed),
            ["compile-error"] = (Conf(One), With(Module("kahello"), "kahello.c", "#include <linux/module.h>\nint kahello_broken(void) { return undeclared_thing; }\nMODULE_LICENSE(\"GPL\");\n"), DkmsOracle.Outcome.Failed),
        };

    private const string One = "BUILT_MODULE_NAME[0]=\"kahello\"\nDEST_MODULE_LOCATION[0]=\"/extra\"";

    private const string VersionPatch = """
        --- a/kahello.c
        +++ b/kahello.c
        @@ -2,3 +2,3 @@
         MODULE_LICENSE("GPL");
        -MODULE_VERSION("1.0");
        +MODULE_VERSION("1.0-patched");
         static int __init kahello_init(void) { return 0; }

        """;

    /// <summary>Writes a case's tree into <paramref name="folder"/>.</summary>
    public static void Write(string folder, string caseName, bool crlf = false)
    {
        var (conf, files, _) = Cases[caseName];
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Join(folder, "dkms.conf"), crlf ? conf.Replace("\n", "\r\n", StringComparison.Ordinal) : conf);
        foreach (var (path, text) in files)
        {
            var target = Path.Join(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, text);
        }
    }

    private static string Conf(string body) => $"PACKAGE_NAME=\"{Name}\"\nPACKAGE_VERSION=\"{Version}\"\n{body}\n";

    private static Dictionary<string, string> Module(string name, string folder = "") => new()
    {
        [folder + name + ".c"] = $"#include <linux/module.h>\nMODULE_LICENSE(\"GPL\");\nMODULE_VERSION(\"1.0\");\nstatic int __init {name}_init(void) {{ return 0; }}\nstatic void __exit {name}_exit(void) {{ }}\nmodule_init({name}_init);\nmodule_exit({name}_exit);\n",
        [folder + "Kbuild"] = $"obj-m := {name}.o\n",
    };

    private static Dictionary<string, string> With(Dictionary<string, string> files, string path, string text) => new(files) { [path] = text };

    private static Dictionary<string, string> With(Dictionary<string, string> first, Dictionary<string, string> second) =>
        first.Concat(second).ToDictionary(p => p.Key, p => p.Value);
}
