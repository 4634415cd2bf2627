using System.Diagnostics;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;

namespace KernelAgent.BuildFarm.Tests.Compilation;

[Trait("Category", "Integration")]
[Collection(DebianArchiveTestGroup.Name)]
public sealed class KbuildCompilerIntegrationTests(DebianHeadersFixture kernels, ITestOutputHelper output)
{
    [Fact]
    public async Task CompileAsync_SampleDriverForAmd64Kernel_ProducesModuleWithProvenance()
    {
        kernels.Require();
        var token = TestContext.Current.CancellationToken;
        using var scratch = new ScratchDirectory("build-amd64");
        var fetch = Stopwatch.StartNew();
        var headers = await SampleModuleBuild.SharedHeadersAsync(kernels.Amd64, token);
        fetch.Stop();

        var (module, lines) = await SampleModuleBuild.BuildAsync(headers, scratch.Path, token);

        output.WriteLine($"headers {fetch.Elapsed.TotalSeconds:F2} s ({headers.PackagesFromCache}/{headers.Packages.Count} cached), compile {module.Duration.TotalSeconds:F2} s, sandboxed {module.Sandboxed}, {module.Size} bytes, sha256 {module.Sha256}");
        Assert.Equal(module.Sha256, await HeaderCache.Sha256OfFileAsync(module.ModulePath, token));
        Assert.StartsWith("gcc-12 (Debian ", module.Compiler, StringComparison.Ordinal);
        Assert.Equal(headers.ExpectedCompiler, module.ExpectedCompiler);
        Assert.Equal(module.Log.Split('\n'), lines);
        Assert.Contains(lines, l => l.Contains("kagent_sample.ko", StringComparison.Ordinal));
        Assert.Equal(File.Exists("/usr/bin/bwrap"), module.Sandboxed);
        var modinfo = SampleModuleBuild.ModinfoStrings(module.ModulePath);
        Assert.Contains($"vermagic={kernels.Abi}-amd64 SMP preempt mod_unload modversions ", modinfo);
        Assert.Contains("version=1.0.0", modinfo);
        Assert.Contains("license=GPL", modinfo);
        Assert.Contains(modinfo, s => s.StartsWith("parm=greeting:", StringComparison.Ordinal));
        Assert.Equal(62, SampleModuleBuild.ElfMachine(module.ModulePath));
    }

    [Fact]
    public async Task CompileAsync_SameInputsInDifferentFolders_ProducesIdenticalModules()
    {
        kernels.Require();
        var token = TestContext.Current.CancellationToken;
        using var first = new ScratchDirectory("reproducible-a");
        using var second = new ScratchDirectory("reproducible-b-with-a-longer-name");
        var sharedHeaders = await SampleModuleBuild.SharedHeadersAsync(kernels.Amd64, token);
        var ownHeaders = await DebianHeadersFixture.CreateSource().FetchAsync(kernels.Amd64, Path.Join(second.Path, "headers-root"), null, token);

        var (a, _) = await SampleModuleBuild.BuildAsync(sharedHeaders, first.Path, token);
        var (b, _) = await SampleModuleBuild.BuildAsync(ownHeaders, second.Path, token);

        output.WriteLine($"{a.ModulePath}: {a.Sha256}\n{b.ModulePath}: {b.Sha256}");
        Assert.NotEqual(a.ModulePath, b.ModulePath);
        Assert.Equal(a.Sha256, b.Sha256);
    }

    [Fact]
    public async Task CompileAsync_SampleDriverForArm64Kernel_CrossCompilesAarch64Module()
    {
        kernels.Require();
        var token = TestContext.Current.CancellationToken;
        using var scratch = new ScratchDirectory("build-arm64");
        var fetch = Stopwatch.StartNew();
        var headers = await SampleModuleBuild.SharedHeadersAsync(kernels.Arm64, token);
        fetch.Stop();

        var (module, _) = await SampleModuleBuild.BuildAsync(headers, scratch.Path, token);

        output.WriteLine($"headers {fetch.Elapsed.TotalSeconds:F2} s, compile {module.Duration.TotalSeconds:F2} s, compiler '{module.Compiler}', kernel's '{module.ExpectedCompiler}', sha256 {module.Sha256}");
        Assert.Equal(183, SampleModuleBuild.ElfMachine(module.ModulePath));
        Assert.StartsWith("aarch64-linux-gnu-gcc-12 ", module.Compiler, StringComparison.Ordinal);
        Assert.Contains($"vermagic={kernels.Abi}-arm64 SMP mod_unload modversions aarch64", SampleModuleBuild.ModinfoStrings(module.ModulePath));
    }

    [Fact]
    public async Task CompileAsync_BrokenSource_ThrowsCompilationExceptionWithLogTail()
    {
        kernels.Require();
        var token = TestContext.Current.CancellationToken;
        using var scratch = new ScratchDirectory("build-broken");
        var broken = Path.Join(scratch.Path, "broken-source");
        Directory.CreateDirectory(broken);
        File.Copy(Path.Join(Drivers.SampleDriver.Folder, "Kbuild"), Path.Join(broken, "Kbuild"));
        await File.WriteAllTextAsync(Path.Join(broken, "kagent_sample.c"), "#include <linux/module.h>\nint broken(void) { return undefined_symbol_here; }\n", token);
        var headers = await SampleModuleBuild.SharedHeadersAsync(kernels.Amd64, token);

        var error = await Assert.ThrowsAsync<CompilationException>(() => SampleModuleBuild.BuildAsync(headers, Path.Join(scratch.Path, "b"), token, broken));

        Assert.Contains("undefined_symbol_here", error.LogTail, StringComparison.Ordinal);
        Assert.Contains("failed with exit code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompileAsync_Sandboxed_SeesNoNetworkAndCannotWriteHeaders()
    {
        kernels.Require();
        IntegrationRequirement.Require(File.Exists("/usr/bin/bwrap"), "bubblewrap (Debian package bubblewrap) is not installed");
        var token = TestContext.Current.CancellationToken;
        using var scratch = new ScratchDirectory("build-sandbox");
        var headers = await SampleModuleBuild.SharedHeadersAsync(kernels.Amd64, token);
        var probe = Path.Join(scratch.Path, "probe-source");
        Directory.CreateDirectory(probe);
        File.Copy(Path.Join(Drivers.SampleDriver.Folder, "kagent_sample.c"), Path.Join(probe, "kagent_sample.c"));
        // Kbuild is make syntax: these run while kbuild reads the file, inside the sandbox.
        await File.WriteAllTextAsync(Path.Join(probe, "Kbuild"), $"""
            $(info PROBE interfaces: $(shell tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\n' ' '))
            $(info PROBE headers write: $(shell touch {headers.BuildDirectory}/probe 2>&1 || echo refused))
            obj-m += kagent_sample.o

            """, token);

        var (module, lines) = await SampleModuleBuild.BuildAsync(headers, Path.Join(scratch.Path, "b"), token, probe);

        Assert.True(module.Sandboxed);
        Assert.Contains("PROBE interfaces: lo ", lines);
        Assert.Contains(lines, l => l.StartsWith("PROBE headers write:", StringComparison.Ordinal) && l.Contains("Read-only file system", StringComparison.Ordinal));
    }
}
