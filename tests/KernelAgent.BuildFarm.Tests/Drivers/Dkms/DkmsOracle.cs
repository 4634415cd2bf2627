using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Tests.Compilation;

namespace KernelAgent.BuildFarm.Tests.Drivers.Dkms;

/// <summary>
/// Debian's own <c>dkms build</c> as the reference, against the same extracted headers and a private dkms tree:
/// it runs in bubblewrap with the host's file system, a private /var/lib/dkms, and /usr/src holding links to the
/// headers root (as the farm's sandbox does), so nothing is installed into the machine and nothing is loaded.
/// </summary>
internal static class DkmsOracle
{
    /// <summary>How a dkms run ended.</summary>
    public enum Outcome
    {
        Built,
        Excluded,
        Invalid,
        Failed,
    }

    public sealed record Result(Outcome Outcome, IReadOnlyDictionary<string, string> Modules, string Output);

    public static bool Available => File.Exists("/usr/sbin/dkms") && File.Exists("/usr/bin/bwrap");

    /// <param name="sourceTree">A folder holding <c>&lt;name&gt;-&lt;version&gt;/</c> with the DKMS tree.</param>
    public static async Task<Result> BuildAsync(string work, string sourceTree, string name, string version, KernelHeaders headers, CancellationToken cancellationToken)
    {
        var tree = Directory.CreateDirectory(Path.Join(work, "dkms-tree")).FullName;
        var bwrap = Sandbox(headers);
        string[] module = ["-m", name, "-v", version, "--sourcetree", sourceTree, "--dkmstree", tree];
        var runner = new ProcessRunner(TimeProvider.System);
        var add = await runner.RunAsync(new ProcessInvocation("bwrap", [.. bwrap, "--", "dkms", "add", .. module], TimeSpan.FromMinutes(2)), cancellationToken);
        var output = string.Join('\n', add.OutputLines);
        if (!add.Succeeded)
        {
            return new Result(Classify(add.ExitCode, output), new Dictionary<string, string>(), output);
        }

        var release = headers.Target.KernelRelease;
        var build = await runner.RunAsync(new ProcessInvocation("bwrap",
            [.. bwrap, "--", "dkms", "build", .. module, "-k", release, "--kernelsourcedir", $"/usr/src/linux-headers-{release}"], TimeSpan.FromMinutes(20)), cancellationToken);
        output += "\n" + string.Join('\n', build.OutputLines);
        if (!build.Succeeded)
        {
            var log = Directory.EnumerateFiles(tree, "make.log", SearchOption.AllDirectories).FirstOrDefault();
            return new Result(Classify(build.ExitCode, output), new Dictionary<string, string>(), output + (log is null ? string.Empty : "\n" + await File.ReadAllTextAsync(log, cancellationToken)));
        }

        var built = Path.Join(tree, name, version, release, headers.Target.Architecture, "module");
        return new Result(Outcome.Built, SrcVersions(Directory.GetFiles(built, "*.ko")), output);
    }

    /// <summary>
    /// <c>dkms add</c> of each module, then <c>dkms autoinstall</c> for the headers' kernel (the one place dkms 3.0 reads
    /// BUILD_DEPENDS): the order it built them in (from its make lines), its exit code and output. It installs into a
    /// private install tree, without depmod.
    /// </summary>
    /// <param name="sourceTree">A folder holding <c>&lt;name&gt;-&lt;version&gt;/</c> for each module (AUTOINSTALL="yes").</param>
    public static async Task<(IReadOnlyList<string> BuildOrder, int ExitCode, string Output)> AutoinstallAsync(
        string work, string sourceTree, IReadOnlyList<(string Name, string Version)> modules, KernelHeaders headers, CancellationToken cancellationToken)
    {
        var tree = Directory.CreateDirectory(Path.Join(work, "dkms-tree")).FullName;
        var release = headers.Target.KernelRelease;
        var install = Directory.CreateDirectory(Path.Join(work, "lib-modules", release)).Parent!.FullName;
        var bwrap = Sandbox(headers);
        string[] trees = ["--sourcetree", sourceTree, "--dkmstree", tree];
        var runner = new ProcessRunner(TimeProvider.System);
        var output = new List<string>();
        foreach (var (name, version) in modules)
        {
            var add = await runner.RunAsync(new ProcessInvocation("bwrap", [.. bwrap, "--", "dkms", "add", "-m", name, "-v", version, .. trees], TimeSpan.FromMinutes(2)), cancellationToken);
            output.AddRange(add.OutputLines);
        }

        var autoinstall = await runner.RunAsync(new ProcessInvocation("bwrap",
            [.. bwrap, "--", "dkms", "autoinstall", "-k", release, "--kernelsourcedir", $"/usr/src/linux-headers-{release}",
                "--installtree", install, "--no-depmod", .. trees], TimeSpan.FromMinutes(20)), cancellationToken);
        output.AddRange(autoinstall.OutputLines);
        var order = modules
            .Select(m => (m.Name, At: autoinstall.OutputLines.ToList().FindIndex(l => l.Contains($"/{m.Name}/{m.Version}/build", StringComparison.Ordinal))))
            .Where(m => m.At >= 0).OrderBy(m => m.At).Select(m => m.Name).ToList();
        return (order, autoinstall.ExitCode, string.Join('\n', output));
    }

    private static List<string> Sandbox(KernelHeaders headers)
    {
        var root = Path.GetFullPath(headers.RootDirectory).TrimEnd('/');
        var bwrap = new List<string> { "--bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/usr/src", "--tmpfs", "/var/lib/dkms" };
        foreach (var entry in Directory.EnumerateFileSystemEntries(Path.Join(root, "usr", "src")))
        {
            bwrap.AddRange(["--symlink", entry, "/usr/src/" + Path.GetFileName(entry)]);
        }

        return bwrap;
    }

    /// <summary>File name -> srcversion ("" when the module has none) of each .ko.</summary>
    public static IReadOnlyDictionary<string, string> SrcVersions(IEnumerable<string> modules) =>
        modules.ToDictionary(
            m => Path.GetFileName(m)!,
            m => SampleModuleBuild.ModinfoStrings(m).FirstOrDefault(s => s.StartsWith("srcversion=", StringComparison.Ordinal))?["srcversion=".Length..] ?? string.Empty,
            StringComparer.Ordinal);

    // dkms exits 77 for BUILD_EXCLUSIVE; read_conf's problems print "dkms.conf: Error!".
    private static Outcome Classify(int exitCode, string output) =>
        exitCode == 77 || output.Contains("BUILD_EXCLUSIVE", StringComparison.Ordinal) ? Outcome.Excluded
        : output.Contains("dkms.conf: Error!", StringComparison.Ordinal) || output.Contains("Bad conf file", StringComparison.Ordinal) ? Outcome.Invalid
        : Outcome.Failed;
}
