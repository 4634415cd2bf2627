using System.Globalization;
using System.Security.Cryptography;
using KernelAgent.BuildFarm.Drivers.Dkms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Compilation;

/// <summary>
/// Builds a DKMS source tree as dkms(8)'s prepare_build and actual_build do, every step inside bubblewrap: read
/// dkms.conf (<see cref="DkmsConfReader"/>), refuse a kernel outside BUILD_EXCLUSIVE_*, apply PATCH files with
/// <c>patch -p1</c>, run PRE_BUILD, the make command, POST_BUILD, <c>strip -g</c> where STRIP allows, then check
/// that exactly the listed modules came out. Inside, <c>uname -r</c>/<c>-m</c> answer the target kernel's values
/// (a shim first on PATH) and the build folder sits at dkms's own path. The reproducibility flags (KCFLAGS prefix
/// maps) are in the environment, so they reach every nested make.
/// </summary>
internal sealed class DkmsCompiler : IDkmsCompiler
{
    private readonly KbuildCompilerOptions _options;
    private readonly ToolchainCheck _toolchainCheck;
    private readonly BubblewrapSandbox _sandbox;
    private readonly SandboxProbe _sandboxProbe;
    private readonly DkmsConfReader _reader;
    private readonly IProcessRunner _processRunner;
    private readonly ILogger<DkmsCompiler> _logger;

    public DkmsCompiler(IOptions<KbuildCompilerOptions> options, IProcessRunner processRunner, ILogger<DkmsCompiler> logger)
    {
        _options = options.Value;
        _toolchainCheck = new ToolchainCheck(options);
        _sandbox = new BubblewrapSandbox(_options);
        _sandboxProbe = new SandboxProbe(_options, _toolchainCheck, _sandbox, processRunner, logger);
        _reader = new DkmsConfReader(processRunner, _sandbox, _options);
        _processRunner = processRunner;
        _logger = logger;
    }

    public async Task<CompiledDriver> CompileAsync(DkmsCompilation compilation, Action<string>? onLogLine, CancellationToken cancellationToken)
    {
        var headers = compilation.Headers;
        var where = $"{compilation.Module} {compilation.ModuleVersion}";
        var toolchain = _toolchainCheck.Require(headers);
        await _sandboxProbe.UseAsync(required: true);
        var log = new List<string>();
        void Log(string line)
        {
            log.Add(line);
            onLogLine?.Invoke(line);
        }

        var buildFolder = Path.GetFullPath(compilation.BuildFolder);
        var tools = Directory.CreateDirectory(buildFolder + ".tools").FullName;
        var output = Directory.CreateDirectory(buildFolder + ".out").FullName;
        try
        {
            var root = Path.GetFullPath(headers.RootDirectory).TrimEnd('/');
            var variables = new DkmsVariables(
                headers.Target.KernelRelease, headers.Target.Architecture, "", DkmsSandboxLayout.DkmsTreeInside,
                DkmsSandboxLayout.SourceTreeInside, compilation.Module, compilation.ModuleVersion);
            var layout = new DkmsSandboxLayout(root, buildFolder, variables.BuildDirectory, tools, output, BuildFolderWritable: true);
            variables = variables with { KernelSourceDirectory = layout.InsidePath(Path.GetFullPath(headers.BuildDirectory)) };
            WriteUnameShim(tools, headers.Target.KernelRelease, headers.Target.Architecture);
            var environment = Environment(toolchain, layout, root);
            Log($"kernel-buildfarm: uname -r inside the sandbox answers {headers.Target.KernelRelease}; kernel_source_dir={variables.KernelSourceDirectory}; build folder {variables.BuildDirectory}");

            var conf = await _reader.ReadAsync(layout, variables, environment, Path.Join(headers.BuildDirectory, ".config"), where, Log, cancellationToken);
            if (conf.Exclusion is not null)
            {
                throw new DriverUnsupportedException(where, conf.Exclusion);
            }

            var plan = DkmsBuildPlan.For(conf, variables, Math.Max(1, System.Environment.ProcessorCount));
            var compilerVersion = await CompilerVersionAsync(toolchain.Compiler, cancellationToken);
            var started = TimeProvider.System.GetTimestamp();
            await ApplyPatchesAsync(plan, layout, environment, where, Log, cancellationToken);
            await RunScriptAsync("PRE_BUILD", plan.PreBuild, layout, environment, where, Log, cancellationToken);
            await File.WriteAllTextAsync(Path.Join(tools, "make.sh"), plan.MakeCommand + "\n", cancellationToken);
            await RunAsync("make", new ProcessInvocation("bash", ["--noprofile", "--norc", DkmsSandboxLayout.ToolsInside + "/make.sh"], _options.Timeout),
                plan.MakeCommand, layout, environment, where, Log, cancellationToken);
            await RunScriptAsync("POST_BUILD", plan.PostBuild, layout, environment, where, Log, cancellationToken);
            var modules = CollectModules(plan, buildFolder, compilation.AllowUnlistedModules, where, log);
            await StripAsync(plan, toolchain, layout, environment, where, Log, cancellationToken);
            var files = new List<CompiledModuleFile>();
            foreach (var (name, path, destination) in modules)
            {
                files.Add(new CompiledModuleFile(name, path, destination, await Sha256Async(path, cancellationToken), new FileInfo(path).Length));
            }

            var duration = TimeProvider.System.GetElapsedTime(started);
            CompilationLog.BuiltDriver(_logger, where, headers.Target.ToString(), files.Count, duration.TotalSeconds);
            return new CompiledDriver(files, conf, compilerVersion, headers.ExpectedCompiler, string.Join('\n', log), duration);
        }
        finally
        {
            Directory.Delete(tools, recursive: true);
            Directory.Delete(output, recursive: true);
        }
    }

    private Dictionary<string, string> Environment(Toolchain toolchain, DkmsSandboxLayout layout, string root)
    {
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{DkmsSandboxLayout.ToolsInside}/bin:{_options.SearchPath}",
            ["LC_ALL"] = "C",
            ["HOME"] = "/tmp",
            ["KCFLAGS"] = $"-ffile-prefix-map={layout.BuildFolderInside}=/build/module -ffile-prefix-map={root}/=/",
        };
        if (toolchain.CrossCompilePrefix is not null)
        {
            environment["ARCH"] = toolchain.KernelArchitecture!;
            environment["CROSS_COMPILE"] = toolchain.CrossCompilePrefix;
        }

        return environment;
    }

    /// <summary>Makefiles that default to <c>/lib/modules/$(shell uname -r)</c> must see the target kernel, not the farm's.</summary>
    private static void WriteUnameShim(string tools, string release, string machine)
    {
        var bin = Directory.CreateDirectory(Path.Join(tools, "bin")).FullName;
        var shim = Path.Join(bin, "uname");
        File.WriteAllText(shim, $$"""
            #!/bin/bash
            # kernel-buildfarm: the build's target kernel, not the farm's
            case "$*" in
                -r|--kernel-release) echo '{{release}}' ;;
                -m|-p|-i|--machine|--processor|--hardware-platform) echo '{{machine}}' ;;
                *) exec /usr/bin/uname "$@" ;;
            esac

            """);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("DKMS builds run on Linux only.");
        }

        File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                   UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    private async Task ApplyPatchesAsync(
        DkmsBuildPlan plan, DkmsSandboxLayout layout, Dictionary<string, string> environment, string where, Action<string> log, CancellationToken cancellationToken)
    {
        var patches = Path.GetFullPath(Path.Join(layout.BuildFolder, "patches")) + "/";
        foreach (var patch in plan.Patches)
        {
            var file = Path.GetFullPath(Path.Join(patches, patch));
            if (!file.StartsWith(patches, StringComparison.Ordinal))
            {
                throw new CompilationException($"{where}: PATCH '{patch}' in dkms.conf points outside patches/.");
            }

            if (!File.Exists(file))
            {
                throw new CompilationException($"{where}: patch '{patch}' as specified in dkms.conf cannot be found in patches/.");
            }

            await RunAsync($"patch {patch}", new ProcessInvocation("patch", ["-p1", "-i", "patches/" + patch], _options.Timeout),
                $"patch -p1 < ./patches/{patch}", layout, environment, where, log, cancellationToken);
        }
    }

    private async Task RunScriptAsync(
        string what, IReadOnlyList<string> words, DkmsSandboxLayout layout, Dictionary<string, string> environment, string where, Action<string> log,
        CancellationToken cancellationToken)
    {
        if (words.Count == 0)
        {
            return;
        }

        var script = Path.GetFullPath(Path.Join(layout.BuildFolder, words[0]));
        if (!script.StartsWith(layout.BuildFolder + "/", StringComparison.Ordinal) || !File.Exists(script) || OperatingSystem.IsWindows() ||
            (File.GetUnixFileMode(script) & UnixFileMode.UserExecute) == 0)
        {
            // dkms warns and goes on when the script is not an executable file of the build folder.
            log($"kernel-buildfarm: warning: the {what} script '{words[0]}' is not executable; dkms skips it, so does the farm");
            return;
        }

        await RunAsync(what, new ProcessInvocation(layout.BuildFolderInside + "/" + words[0], [.. words.Skip(1)], _options.Timeout),
            string.Join(' ', words), layout, environment, where, log, cancellationToken);
    }

    private async Task RunAsync(
        string what, ProcessInvocation step, string shown, DkmsSandboxLayout layout, Dictionary<string, string> environment, string where,
        Action<string> log, CancellationToken cancellationToken)
    {
        log($"kernel-buildfarm: running ({what}): {shown}");
        var invocation = _sandbox.WrapDkms(step with
        {
            WorkingDirectory = layout.BuildFolderInside,
            Environment = environment,
            InheritEnvironment = false,
            OnOutputLine = log,
        }, layout);
        CompilationLog.DkmsStep(_logger, where, what, invocation.CommandLine);
        var result = await _processRunner.RunAsync(invocation, cancellationToken);
        if (!result.Succeeded)
        {
            var failure = result.TimedOut ? $"did not finish within {_options.Timeout} (the build's time limit)" : BuildFailureText.Describe(result.ExitCode, result.OutputLines);
            CompilationLog.Failed(_logger, where, what, failure);
            throw new CompilationException($"{where}: {what} {failure}.", result.Tail(_options.LogTailLines));
        }
    }

    private static List<(string Name, string Path, string? Destination)> CollectModules(
        DkmsBuildPlan plan, string buildFolder, bool allowUnlisted, string where, List<string> log)
    {
        var found = Directory.EnumerateFiles(buildFolder, "*.ko", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(buildFolder, p))
            .Order(StringComparer.Ordinal)
            .ToList();
        var missing = plan.Modules.Where(m => !found.Contains(m.BuiltFile)).Select(m => m.BuiltFile).ToList();
        if (missing.Count > 0)
        {
            throw new CompilationException(
                $"{where}: the build succeeded but produced no {string.Join(", ", missing)}; it produced: {(found.Count == 0 ? "no .ko file at all" : string.Join(", ", found))}.",
                string.Join('\n', log.TakeLast(20)));
        }

        var listed = plan.Modules.Select(m => m.BuiltFile).ToHashSet(StringComparer.Ordinal);
        var unlisted = found.Where(f => !listed.Contains(f)).ToList();
        if (unlisted.Count > 0 && !allowUnlisted)
        {
            throw new CompilationException(
                $"{where}: the build produced .ko files that dkms.conf does not list: {string.Join(", ", unlisted)} " +
                "(list them as BUILT_MODULE_NAME/BUILT_MODULE_LOCATION, or register the driver with AllowUnlistedModules).");
        }

        return
        [
            .. plan.Modules.Select(m => (m.BuiltName, Path.Join(buildFolder, m.BuiltFile), (string?)m.DestLocation)),
            .. unlisted.Select(f => (Path.GetFileNameWithoutExtension(f), Path.Join(buildFolder, f), (string?)null)),
        ];
    }

    private async Task StripAsync(
        DkmsBuildPlan plan, Toolchain toolchain, DkmsSandboxLayout layout,
        Dictionary<string, string> environment, string where, Action<string> log, CancellationToken cancellationToken)
    {
        var stripped = plan.Modules.Where(m => m.Strip).Select(m => m.BuiltFile).ToList();
        if (stripped.Count == 0)
        {
            return;
        }

        var strip = (toolchain.CrossCompilePrefix ?? string.Empty) + "strip";
        await RunAsync("strip", new ProcessInvocation(strip, ["-g", .. stripped], _options.Timeout),
            $"{strip} -g {string.Join(' ', stripped)}", layout, environment, where, log, cancellationToken);
    }

    private async Task<string> CompilerVersionAsync(string compiler, CancellationToken cancellationToken)
    {
        var query = new ProcessInvocation(compiler, ["--version"], _options.ToolQueryTimeout)
        {
            Environment = new Dictionary<string, string> { ["PATH"] = _options.SearchPath, ["LC_ALL"] = "C" },
            InheritEnvironment = false,
        };
        var result = await _processRunner.RunAsync(query, cancellationToken);
        return result.Succeeded && result.OutputLines.Count > 0
            ? result.OutputLines[0]
            : throw new CompilationException($"'{compiler} --version' {(result.TimedOut ? "timed out" : $"failed with exit code {result.ExitCode.ToString(CultureInfo.InvariantCulture)}")}.", result.Tail(10));
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
