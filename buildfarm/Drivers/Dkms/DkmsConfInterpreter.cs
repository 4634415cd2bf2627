using System.Text.RegularExpressions;

namespace KernelAgent.BuildFarm.Drivers.Dkms;

/// <summary>
/// Applies dkms(8)'s read_conf (dkms 3.0) to what a dkms.conf set: module records numbered
/// 0..max(${#BUILT_MODULE_NAME[@]}, ${#BUILT_MODULE_LOCATION[@]}, ${#DEST_MODULE_NAME[@]}, ${#DEST_MODULE_LOCATION[@]})-1
/// (counts, so a sparse array leaves a record without a name), BUILT_MODULE_NAME defaulted from PACKAGE_NAME when
/// exactly one DEST_MODULE_LOCATION is set, the make command chosen by MAKE_MATCH, patches by PATCH_MATCH, and the
/// BUILD_EXCLUSIVE rules. Every problem is reported at once.
/// </summary>
internal static partial class DkmsConfInterpreter
{
    /// <summary>Where dkms installs on Debian and Ubuntu whatever DEST_MODULE_LOCATION says (override_dest_module_location).</summary>
    public const string DebianInstallLocation = "/updates/dkms";

    private static readonly string[] _moduleArrays = ["BUILT_MODULE_NAME", "BUILT_MODULE_LOCATION", "DEST_MODULE_NAME", "DEST_MODULE_LOCATION"];

    /// <param name="variables">What the dkms.conf set.</param>
    /// <param name="dkms">The values DKMS gave it.</param>
    /// <param name="kernelConfigPath">The kernel's .config, for BUILD_EXCLUSIVE_CONFIG (ignored when absent, as dkms does).</param>
    /// <param name="where">Names the driver in errors.</param>
    /// <exception cref="DkmsConfException">The dkms.conf is invalid; every problem is listed.</exception>
    public static DkmsConf Interpret(DkmsConfVariables variables, DkmsVariables dkms, string? kernelConfigPath, string where)
    {
        var problems = new List<string>();
        var modules = Modules(variables, problems);
        var packageName = variables.Get("PACKAGE_NAME");
        var packageVersion = variables.Get("PACKAGE_VERSION");
        if (packageName.Length == 0)
        {
            problems.Add("no PACKAGE_NAME");
        }

        if (packageVersion.Length == 0)
        {
            problems.Add("no PACKAGE_VERSION");
        }

        var defaultMake = $"make -C {dkms.KernelSourceDirectory} M={dkms.BuildDirectory}";
        var make = MakeCommand(variables, problems);
        var clean = variables.Get("CLEAN");
        var exclusion = Exclusion(variables, dkms, kernelConfigPath, problems);
        var patches = Patches(variables, problems);
        if (problems.Count > 0)
        {
            throw new DkmsConfException(where, problems);
        }

        return new DkmsConf(
            packageName,
            packageVersion,
            modules,
            make.Length > 0 ? make : defaultMake,
            clean.Length > 0 ? clean : defaultMake + " clean",
            variables.Get("PRE_BUILD"),
            variables.Get("POST_BUILD"),
            patches,
            exclusion,
            [.. variables.Get("BUILD_DEPENDS").Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)],
            variables.Get("AUTOINSTALL").StartsWith('y'),
            variables.Get("NO_WEAK_MODULES").StartsWith('y'));
    }

    private static List<DkmsModule> Modules(DkmsConfVariables v, List<string> problems)
    {
        var count = _moduleArrays.Max(v.Count);
        if (count == 0)
        {
            problems.Add("no modules: neither BUILT_MODULE_NAME nor DEST_MODULE_LOCATION is set");
            return [];
        }

        var modules = new List<DkmsModule>();
        var firstStrip = true;
        for (var i = 0; i < count; i++)
        {
            var built = v.Get("BUILT_MODULE_NAME", i);
            if (built.Length == 0 && v.Count("DEST_MODULE_LOCATION") == 1)
            {
                built = v.Get("PACKAGE_NAME");
            }

            var location = v.Get("BUILT_MODULE_LOCATION", i);
            if (location.Length > 0 && !location.EndsWith('/'))
            {
                location += "/";
            }

            var dest = v.Get("DEST_MODULE_NAME", i);
            dest = dest.Length > 0 ? dest : built;
            var destLocation = v.Get("DEST_MODULE_LOCATION", i);
            var strip = v.Get("STRIP", i) switch
            {
                ['n' or 'N', ..] => false,
                ['y' or 'Y', ..] => true,
                "" => i == 0 || firstStrip,
                _ => true,
            };
            if (i == 0)
            {
                firstStrip = strip;
            }

            RecordProblems(i, built, dest, destLocation, location, problems);
            modules.Add(new DkmsModule(i, built, location, dest, destLocation, strip));
        }

        var duplicate = modules.GroupBy(m => m.BuiltFile).FirstOrDefault(g => g.Key.Length > 3 && g.Count() > 1);
        if (duplicate is not null)
        {
            problems.Add($"'{duplicate.Key}' is listed by records #{string.Join(", #", duplicate.Select(m => m.Index))}");
        }

        return modules;
    }

    private static void RecordProblems(int i, string built, string dest, string destLocation, string location, List<string> problems)
    {
        if (built.Length == 0)
        {
            problems.Add($"no BUILT_MODULE_NAME for record #{i}");
        }
        else if (built.EndsWith(".o", StringComparison.Ordinal) || built.EndsWith(".ko", StringComparison.Ordinal))
        {
            problems.Add($"BUILT_MODULE_NAME[{i}] '{built}' ends in .o or .ko");
        }
        else if (!ModuleFileName().IsMatch(built))
        {
            problems.Add($"BUILT_MODULE_NAME[{i}] '{built}' is not a module file name (letters, digits, '_' and '-')");
        }

        if (dest.EndsWith(".o", StringComparison.Ordinal) || dest.EndsWith(".ko", StringComparison.Ordinal))
        {
            problems.Add($"DEST_MODULE_NAME[{i}] '{dest}' ends in .o or .ko");
        }

        if (destLocation.Length == 0)
        {
            problems.Add($"no DEST_MODULE_LOCATION for record #{i}");
        }
        else if (!(destLocation.StartsWith("/kernel", StringComparison.Ordinal) || destLocation.StartsWith("/updates", StringComparison.Ordinal) ||
                   destLocation.StartsWith("/extra", StringComparison.Ordinal)) || destLocation.Split('/').Contains(".."))
        {
            problems.Add($"DEST_MODULE_LOCATION[{i}] '{destLocation}' does not begin with /kernel, /updates or /extra");
        }

        if (location.StartsWith('/') || location.Split('/').Contains(".."))
        {
            problems.Add($"BUILT_MODULE_LOCATION[{i}] '{location}' leaves the build folder");
        }
    }

    private static string MakeCommand(DkmsConfVariables v, List<string> problems)
    {
        var make = v.Get("MAKE_MATCH", 0).Length == 0 ? v.Get("MAKE", 0) : string.Empty;
        for (var i = 0; i < v.Count("MAKE"); i++)
        {
            if (v.Get("MAKE", i).Length > 0 && v.Get("MAKE_MATCH", i).Length > 0 && Matched(v, "_KA_MAKE_MATCHED", i, $"MAKE_MATCH[{i}]", problems))
            {
                make = v.Get("MAKE", i);
            }
        }

        return make;
    }

    private static List<string> Patches(DkmsConfVariables v, List<string> problems)
    {
        var patches = new List<string>();
        for (var i = 0; i < v.Count("PATCH"); i++)
        {
            var patch = v.Get("PATCH", i);
            if (patch.Length > 0 && (v.Get("PATCH_MATCH", i).Length == 0 || Matched(v, "_KA_PATCH_MATCHED", i, $"PATCH_MATCH[{i}]", problems)))
            {
                patches.Add(patch);
            }
        }

        return patches;
    }

    private static string? Exclusion(DkmsConfVariables v, DkmsVariables dkms, string? kernelConfigPath, List<string> problems)
    {
        var kernel = v.Get("BUILD_EXCLUSIVE_KERNEL");
        if (kernel.Length > 0 && !Matched(v, "_KA_EXCLUSIVE_KERNEL_MATCHED", 0, "BUILD_EXCLUSIVE_KERNEL", problems))
        {
            return $"BUILD_EXCLUSIVE_KERNEL=\"{kernel}\" does not match the kernel {dkms.KernelVersion}";
        }

        var arch = v.Get("BUILD_EXCLUSIVE_ARCH");
        if (arch.Length > 0 && !Matched(v, "_KA_EXCLUSIVE_ARCH_MATCHED", 0, "BUILD_EXCLUSIVE_ARCH", problems))
        {
            return $"BUILD_EXCLUSIVE_ARCH=\"{arch}\" does not match the architecture {dkms.Arch}";
        }

        var config = v.Get("BUILD_EXCLUSIVE_CONFIG");
        if (config.Length == 0 || kernelConfigPath is null || !File.Exists(kernelConfigPath))
        {
            return null;
        }

        var enabled = EnabledOptions(kernelConfigPath);
        foreach (var option in config.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var negated = option.StartsWith('!');
            var name = negated ? option[1..] : option;
            if (enabled.Contains(name) == negated)
            {
                return $"BUILD_EXCLUSIVE_CONFIG=\"{config}\": the kernel {dkms.KernelVersion} has {name} {(negated ? "enabled" : "not enabled")}";
            }
        }

        return null;
    }

    private static HashSet<string> EnabledOptions(string configPath) =>
    [
        .. File.ReadLines(configPath)
            .Where(l => l.EndsWith("=y", StringComparison.Ordinal) || l.EndsWith("=m", StringComparison.Ordinal))
            .Select(l => l[..^2]),
    ];

    private static bool Matched(DkmsConfVariables v, string result, int index, string rule, List<string> problems)
    {
        switch (v.Get(result, index))
        {
            case "0":
                return true;
            case "1":
                return false;
            default:
                problems.Add($"{rule} \"{v.Get(rule.Split('[')[0], index)}\" is not a valid regular expression for bash's =~");
                return false;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ModuleFileName();
}
