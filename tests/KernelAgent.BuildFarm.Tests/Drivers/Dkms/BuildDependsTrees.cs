namespace KernelAgent.BuildFarm.Tests.Drivers.Dkms;

/// <summary>Small DKMS trees (one module each) that name each other in BUILD_DEPENDS, and the farm settings registering them.</summary>
internal static class BuildDependsTrees
{
    public const string Version = "1.0";

    /// <summary>
    /// Writes &lt;sources&gt;/&lt;name&gt;-1.0/ for each driver, given as "name" or "name=dep1 dep2", and registers it
    /// in <paramref name="settings"/> (Drivers:Drivers:1.., in the order given). AUTOINSTALL, so dkms's autoinstall takes it.
    /// </summary>
    public static void Write(string sources, IReadOnlyList<string> drivers, IDictionary<string, string?> settings)
    {
        for (var i = 0; i < drivers.Count; i++)
        {
            var (name, depends) = drivers[i].Split('=') is [var n, var d] ? (n, d) : (drivers[i], string.Empty);
            var tree = Directory.CreateDirectory(Path.Join(sources, $"{name}-{Version}")).FullName;
            File.WriteAllText(Path.Join(tree, "dkms.conf"),
                $"PACKAGE_NAME=\"{name}\"\nPACKAGE_VERSION=\"{Version}\"\nBUILT_MODULE_NAME[0]=\"{name}\"\nDEST_MODULE_LOCATION[0]=\"/updates/dkms\"\n" +
                $"AUTOINSTALL=\"yes\"\n{(depends.Length == 0 ? string.Empty : $"BUILD_DEPENDS=\"{depends}\"\n")}");
            File.WriteAllText(Path.Join(tree, name + ".c"),
                "#include <linux/module.h>\nstatic int __init i(void) { return 0; }\nstatic void __exit e(void) { }\nmodule_init(i);\nmodule_exit(e);\nMODULE_LICENSE(\"GPL\");\n");
            File.WriteAllText(Path.Join(tree, "Makefile"), $"obj-m := {name}.o\n");
            settings[$"Drivers:Drivers:{i + 1}:Name"] = name;
            settings[$"Drivers:Drivers:{i + 1}:Version"] = Version;
            settings[$"Drivers:Drivers:{i + 1}:Source"] = tree;
            settings[$"Drivers:Drivers:{i + 1}:Sha256"] = Digest(tree);
        }
    }

    /// <summary>The registration digest of a tree (folder scheme).</summary>
    public static string Digest(string tree) => BuildFarm.Drivers.DriverSourceDigest.ComputeForFolder(tree);
}
