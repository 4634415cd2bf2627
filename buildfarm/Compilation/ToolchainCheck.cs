using System.Runtime.InteropServices;
using KernelAgent.BuildFarm.Headers;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Compilation;

/// <summary>
/// Derives the toolchain from the kernel's own .config: CONFIG_CC_VERSION_TEXT names the compiler the kernel
/// was built with ("gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0"), so the module is built with that compiler
/// (cross-prefixed for a foreign architecture); pahole is needed only when kbuild will really generate module
/// BTF (CONFIG_DEBUG_INFO_BTF_MODULES and a vmlinux in the headers, as 6.12 ships).
/// </summary>
internal sealed class ToolchainCheck(IOptions<KbuildCompilerOptions> options) : IToolchainCheck
{
    private readonly KbuildCompilerOptions _options = options.Value;

    public static string HostMachine => RuntimeInformation.OSArchitecture == Architecture.Arm64 ? KernelMachine.Aarch64 : KernelMachine.X8664;

    public Toolchain Require(KernelHeaders headers)
    {
        var toolchain = Plan(headers);
        var missing = toolchain.Required.Where(t => !IsOnPath(t.Program)).ToList();
        return missing.Count == 0 ? toolchain : throw new ToolchainMissingException(headers.Target.KernelRelease, missing);
    }

    /// <summary>The toolchain without checking for its programs.</summary>
    public Toolchain Plan(KernelHeaders headers)
    {
        var machine = headers.Target.Architecture;
        string? prefix = null;
        string? kernelArchitecture = null;
        if (machine != HostMachine)
        {
            prefix = _options.CrossCompilePrefixes.TryGetValue(machine, out var configured)
                ? configured
                : throw new CompilationException($"No cross toolchain prefix is configured for {machine} (KbuildCompilerOptions.CrossCompilePrefixes).");
            kernelArchitecture = machine == KernelMachine.Aarch64 ? "arm64" : "x86";
        }

        var compilerName = BaseCompilerName(headers.ExpectedCompiler);
        var compiler = prefix + compilerName;
        var triplet = prefix?.TrimEnd('-');
        var required = new List<RequiredTool>
        {
            new("make", "make", "runs kbuild"),
            new(compiler, triplet is null ? compilerName : $"{compilerName}-{triplet}", $"the kernel was built with '{headers.ExpectedCompiler ?? "gcc"}'"),
            new(prefix + "ld", triplet is null ? "binutils" : $"binutils-{triplet}", "links the module"),
        };
        var config = Path.Join(headers.BuildDirectory, ".config");
        if (KernelConfig.IsEnabled(config, "CONFIG_DEBUG_INFO_BTF_MODULES") && File.Exists(Path.Join(headers.BuildDirectory, "vmlinux")))
        {
            required.Add(new RequiredTool("pahole", "dwarves", "CONFIG_DEBUG_INFO_BTF_MODULES: kbuild generates the module's BTF"));
        }

        return new Toolchain(compiler, prefix, kernelArchitecture, required);
    }

    public bool IsOnPath(string program) =>
        _options.SearchPath.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Join(directory, program))
            .Any(path => File.Exists(path) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    // "gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0" -> "gcc-12"; "x86_64-linux-gnu-gcc-12 (...)" -> "gcc-12".
    private string BaseCompilerName(string? versionText)
    {
        var program = versionText?.Split(' ', 2)[0] ?? "";
        foreach (var prefix in _options.CrossCompilePrefixes.Values)
        {
            if (program.StartsWith(prefix, StringComparison.Ordinal))
            {
                program = program[prefix.Length..];
            }
        }

        return program.StartsWith("gcc", StringComparison.Ordinal) ? program : "gcc";
    }
}
