using System.Diagnostics;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Tests.Drivers;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Compilation;

/// <summary>Fetches a kernel's headers and builds the sample driver for it, as the farm's build job will.</summary>
internal static class SampleModuleBuild
{
    public static KbuildCompiler Compiler(IProcessRunner? runner = null, KbuildCompilerOptions? options = null) =>
        new(Options.Create(options ?? new KbuildCompilerOptions()), runner ?? new ProcessRunner(TimeProvider.System), NullLogger<KbuildCompiler>.Instance);

    /// <summary>The kernel's headers in the shared per-kernel root under KA_TEST_CACHE (extracted once, then reused).</summary>
    public static Task<KernelHeaders> SharedHeadersAsync(KernelTarget target, CancellationToken cancellationToken) =>
        DebianHeadersFixture.CreateSource().FetchAsync(target, Path.Join(TestCacheDirectory.Root, "roots", target.CacheKey), null, cancellationToken);

    public static async Task<(CompiledModule Module, List<string> StreamedLines)> BuildAsync(
        KernelHeaders headers, string buildDirectory, CancellationToken cancellationToken, string? moduleSource = null)
    {
        var registry = SampleDriver.Registry(source: moduleSource);
        var source = await registry.CopySourceAsync(registry.Find(SampleDriver.Name, SampleDriver.Version), Path.Join(buildDirectory, "module"), cancellationToken);
        var lines = new List<string>();
        try
        {
            var module = await Compiler().CompileAsync(new ModuleCompilation(headers, source.Directory, SampleDriver.Name), lines.Add, cancellationToken);
            return (module, lines);
        }
        catch (ToolchainMissingException e)
        {
            IntegrationRequirement.Require(false, e.Message);
            throw new UnreachableException();
        }
    }

    /// <summary>The module's .modinfo "key=value" strings (NUL-separated in the ELF section; found by scanning the bytes).</summary>
    public static IReadOnlyList<string> ModinfoStrings(string modulePath) =>
        [.. System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(modulePath)).Split('\0').Where(s => s.Contains('=', StringComparison.Ordinal) && s.Length < 200)];

    /// <summary>e_machine of an ELF file (offset 18, little-endian): 62 x86-64, 183 AArch64 (ELF specification).</summary>
    public static int ElfMachine(string path)
    {
        var header = File.ReadAllBytes(path).AsSpan(0, 20);
        return header[18] | (header[19] << 8);
    }
}
