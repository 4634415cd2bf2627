using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Compilation;

/// <summary>
/// Builds with the kernel's own kbuild:
/// <c>make -C &lt;root&gt;/usr/src/linux-headers-&lt;REL&gt; [-f &lt;common Makefile&gt;] M=&lt;module&gt; CC=&lt;cc&gt; [ARCH= CROSS_COMPILE=] modules</c>.
/// Reproducible: KCFLAGS maps the module folder to /build/module and the headers root to /, so two builds of
/// the same inputs in different folders give byte-identical modules; the environment is only PATH and LC_ALL.
/// </summary>
internal sealed partial class KbuildCompiler : IModuleCompiler
{
    private static readonly string[] _buildOutputPatterns = ["*.ko", "*.o", "*.mod", "modules.order", "Module.symvers"];

    private readonly KbuildCompilerOptions _options;
    private readonly ToolchainCheck _toolchainCheck;
    private readonly BubblewrapSandbox _sandbox;
    private readonly IProcessRunner _processRunner;
    private readonly ILogger<KbuildCompiler> _logger;
    private readonly SandboxProbe _sandboxProbe;

    public KbuildCompiler(IOptions<KbuildCompilerOptions> options, IProcessRunner processRunner, ILogger<KbuildCompiler> logger)
    {
        _options = options.Value;
        _toolchainCheck = new ToolchainCheck(options);
        _sandbox = new BubblewrapSandbox(_options);
        _processRunner = processRunner;
        _logger = logger;
        _sandboxProbe = new SandboxProbe(_options, _toolchainCheck, _sandbox, processRunner, logger);
    }

    public async Task<CompiledModule> CompileAsync(ModuleCompilation compilation, Action<string>? onLogLine, CancellationToken cancellationToken)
    {
        var headers = compilation.Headers;
        var moduleDirectory = Path.GetFullPath(compilation.ModuleDirectory);
        var root = Path.GetFullPath(headers.RootDirectory).TrimEnd('/');
        RequireMakeSafePath(moduleDirectory, "module folder");
        RequireMakeSafePath(root, "headers root");
        RequireFreshSource(moduleDirectory);
        var toolchain = _toolchainCheck.Require(headers);
        var compilerVersion = await CompilerVersionAsync(toolchain.Compiler, cancellationToken);
        var sandboxed = await _sandboxProbe.UseAsync();

        var arguments = new List<string> { "-C", headers.BuildDirectory };
        if (headers.MakefilePath is not null)
        {
            arguments.AddRange(["-f", headers.MakefilePath]);
        }

        arguments.AddRange([
            $"M={moduleDirectory}",
            $"KCFLAGS=-ffile-prefix-map={moduleDirectory}=/build/module -ffile-prefix-map={root}/=/",
            $"CC={toolchain.Compiler}",
        ]);
        if (toolchain.CrossCompilePrefix is not null)
        {
            arguments.AddRange([$"ARCH={toolchain.KernelArchitecture}", $"CROSS_COMPILE={toolchain.CrossCompilePrefix}"]);
        }

        arguments.Add("modules");
        var make = new ProcessInvocation("make", arguments, _options.Timeout)
        {
            WorkingDirectory = moduleDirectory,
            Environment = BuildEnvironment(),
            InheritEnvironment = false,
            OnOutputLine = onLogLine,
        };
        if (sandboxed)
        {
            make = _sandbox.Wrap(make, [root], moduleDirectory);
        }

        CompilationLog.Starting(_logger, compilation.ModuleName, headers.Target.ToString(), sandboxed, make.CommandLine);
        var result = await _processRunner.RunAsync(make, cancellationToken);
        var log = string.Join('\n', result.OutputLines);
        if (!result.Succeeded)
        {
            var what = result.TimedOut ? $"did not finish within {_options.Timeout}" : $"failed with exit code {result.ExitCode}";
            CompilationLog.Failed(_logger, compilation.ModuleName, headers.Target.ToString(), what);
            throw new CompilationException(
                $"Building {compilation.ModuleName} for {headers.Target} in '{moduleDirectory}' {what}.", result.Tail(_options.LogTailLines));
        }

        var modulePath = Path.Join(moduleDirectory, compilation.ModuleName + ".ko");
        if (!File.Exists(modulePath))
        {
            throw new CompilationException(
                $"Building {compilation.ModuleName} for {headers.Target} succeeded but produced no '{modulePath}'.", result.Tail(_options.LogTailLines));
        }

        var sha256 = await Sha256Async(modulePath, cancellationToken);
        var size = new FileInfo(modulePath).Length;
        CompilationLog.Built(_logger, compilation.ModuleName, headers.Target.ToString(), sha256, size, result.Duration.TotalSeconds);
        return new CompiledModule(modulePath, sha256, size, compilerVersion, headers.ExpectedCompiler, log, sandboxed, result.Duration);
    }

    // Both paths end up inside KCFLAGS, which kbuild splits on white space and hands to the shell.
    private static void RequireMakeSafePath(string path, string what)
    {
        if (!MakeSafePath().IsMatch(path))
        {
            throw new CompilationException($"The {what} '{path}' contains characters kbuild cannot pass through KCFLAGS (white space, quotes, '$', ...); use a plain path.");
        }
    }

    private static void RequireFreshSource(string moduleDirectory)
    {
        if (!File.Exists(Path.Join(moduleDirectory, "Kbuild")) && !File.Exists(Path.Join(moduleDirectory, "Makefile")))
        {
            throw new CompilationException($"Module folder '{moduleDirectory}' has neither a Kbuild file nor a Makefile.");
        }

        var leftover = _buildOutputPatterns.SelectMany(p => Directory.EnumerateFiles(moduleDirectory, p, SearchOption.AllDirectories)).FirstOrDefault();
        if (leftover is not null)
        {
            throw new CompilationException($"Module folder '{moduleDirectory}' is not fresh: it already holds build output ('{leftover}').");
        }
    }

    private Dictionary<string, string> BuildEnvironment() => new()
    {
        ["PATH"] = _options.SearchPath,
        ["LC_ALL"] = "C",
    };

    private async Task<string> CompilerVersionAsync(string compiler, CancellationToken cancellationToken)
    {
        var query = new ProcessInvocation(compiler, ["--version"], _options.ToolQueryTimeout) { Environment = BuildEnvironment(), InheritEnvironment = false };
        var result = await _processRunner.RunAsync(query, cancellationToken);
        return result.Succeeded && result.OutputLines.Count > 0
            ? result.OutputLines[0]
            : throw new CompilationException($"'{compiler} --version' {(result.TimedOut ? "timed out" : $"failed with exit code {result.ExitCode}")}.", result.Tail(10));
    }

    [GeneratedRegex("^[A-Za-z0-9._/+~@%,=-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex MakeSafePath();

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
