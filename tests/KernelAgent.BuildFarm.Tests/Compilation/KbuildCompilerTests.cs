using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Tests.Headers;

namespace KernelAgent.BuildFarm.Tests.Compilation;

public sealed class KbuildCompilerTests
{
    private const string Config = "CONFIG_CC_VERSION_TEXT=\"gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0\"\n";

    private static (KbuildCompiler Compiler, ScriptedProcessRunner Runner) CompilerWithFakeTools(string scratch, int makeExitCode = 0)
    {
        var tools = FakeKernelHeaders.FakeToolFolder(scratch, "make", "gcc-12", "ld", "aarch64-linux-gnu-gcc-12", "aarch64-linux-gnu-ld");
        var runner = new ScriptedProcessRunner(invocation =>
        {
            if (invocation.Arguments is ["--version"])
            {
                return (0, [$"{invocation.FileName} (Debian 12.2.0-14+deb12u1) 12.2.0", "Copyright"]);
            }

            if (makeExitCode == 0)
            {
                File.WriteAllText(Path.Join(invocation.WorkingDirectory!, "kagent_sample.ko"), "module");
            }

            return (makeExitCode, ["  CC [M]  kagent_sample.o", makeExitCode == 0 ? "  LD [M]  kagent_sample.ko" : "error: boom"]);
        });
        var options = new KbuildCompilerOptions { SearchPath = tools, Sandbox = SandboxMode.Disabled };
        return (SampleModuleBuild.Compiler(runner, options), runner);
    }

    private static string ModuleFolder(string scratch)
    {
        var folder = Path.Join(scratch, "module");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Join(folder, "Kbuild"), "obj-m += kagent_sample.o\n");
        return folder;
    }

    [Fact]
    public async Task CompileAsync_Amd64Kernel_RunsKbuildWithPrefixMapsAndKernelsCompiler()
    {
        using var scratch = new ScratchDirectory("kbuild");
        var (compiler, runner) = CompilerWithFakeTools(scratch.Path);
        var headers = FakeKernelHeaders.Create(Path.Join(scratch.Path, "root"), KernelMachine.X8664, Config);
        var module = ModuleFolder(scratch.Path);
        var streamed = new List<string>();

        var result = await compiler.CompileAsync(new ModuleCompilation(headers, module, "kagent_sample"), streamed.Add, TestContext.Current.CancellationToken);

        var make = runner.Invocations.Single(i => i.FileName == "make");
        Assert.Equal(
            [
                "-C", headers.BuildDirectory, "-f", headers.MakefilePath!, $"M={module}",
                $"KCFLAGS=-ffile-prefix-map={module}=/build/module -ffile-prefix-map={headers.RootDirectory}/=/",
                "CC=gcc-12", "modules",
            ],
            make.Arguments);
        Assert.False(make.InheritEnvironment);
        Assert.Equal(["LC_ALL", "PATH"], make.Environment.Keys.Order());
        Assert.Equal(["  CC [M]  kagent_sample.o", "  LD [M]  kagent_sample.ko"], streamed);
        Assert.Equal("gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0", result.Compiler);
        Assert.Equal(Path.Join(module, "kagent_sample.ko"), result.ModulePath);
        Assert.False(result.Sandboxed);
    }

    [Fact]
    public async Task CompileAsync_Arm64Kernel_PassesArchAndCrossCompile()
    {
        Assert.SkipUnless(ToolchainCheck.HostMachine == KernelMachine.X8664, "cross-building is checked from an x86_64 machine");
        using var scratch = new ScratchDirectory("kbuild");
        var (compiler, runner) = CompilerWithFakeTools(scratch.Path);
        var headers = FakeKernelHeaders.Create(Path.Join(scratch.Path, "root"), KernelMachine.Aarch64, Config);

        await compiler.CompileAsync(new ModuleCompilation(headers, ModuleFolder(scratch.Path), "kagent_sample"), null, TestContext.Current.CancellationToken);

        var make = runner.Invocations.Single(i => i.FileName == "make");
        Assert.Equal(["CC=aarch64-linux-gnu-gcc-12", "ARCH=arm64", "CROSS_COMPILE=aarch64-linux-gnu-", "modules"], make.Arguments.TakeLast(4));
    }

    [Fact]
    public async Task CompileAsync_MakeFails_ThrowsWithLogTail()
    {
        using var scratch = new ScratchDirectory("kbuild");
        var (compiler, _) = CompilerWithFakeTools(scratch.Path, makeExitCode: 2);
        var headers = FakeKernelHeaders.Create(Path.Join(scratch.Path, "root"), KernelMachine.X8664, Config);

        var error = await Assert.ThrowsAsync<CompilationException>(
            () => compiler.CompileAsync(new ModuleCompilation(headers, ModuleFolder(scratch.Path), "kagent_sample"), null, TestContext.Current.CancellationToken));

        Assert.Equal("  CC [M]  kagent_sample.o\nerror: boom", error.LogTail);
        Assert.Contains("exit code 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompileAsync_FolderWithEarlierBuildOutput_IsRefusedBeforeMake()
    {
        using var scratch = new ScratchDirectory("kbuild");
        var (compiler, runner) = CompilerWithFakeTools(scratch.Path);
        var headers = FakeKernelHeaders.Create(Path.Join(scratch.Path, "root"), KernelMachine.X8664, Config);
        var module = ModuleFolder(scratch.Path);
        File.WriteAllText(Path.Join(module, "kagent_sample.ko"), "stale");

        var error = await Assert.ThrowsAsync<CompilationException>(
            () => compiler.CompileAsync(new ModuleCompilation(headers, module, "kagent_sample"), null, TestContext.Current.CancellationToken));

        Assert.Contains("not fresh", error.Message, StringComparison.Ordinal);
        Assert.Empty(runner.Invocations);
    }

    [Fact]
    public async Task CompileAsync_ModuleFolderWithSpace_IsRefusedBeforeMake()
    {
        using var scratch = new ScratchDirectory("kbuild");
        var (compiler, runner) = CompilerWithFakeTools(scratch.Path);
        var headers = FakeKernelHeaders.Create(Path.Join(scratch.Path, "root"), KernelMachine.X8664, Config);
        var module = ModuleFolder(Path.Join(scratch.Path, "with space"));

        var error = await Assert.ThrowsAsync<CompilationException>(
            () => compiler.CompileAsync(new ModuleCompilation(headers, module, "kagent_sample"), null, TestContext.Current.CancellationToken));

        Assert.Contains("KCFLAGS", error.Message, StringComparison.Ordinal);
        Assert.Empty(runner.Invocations);
    }

    [Fact]
    public void Wrap_BuildCommand_IsolatesNetworkAndOnlyModuleFolderIsWritable()
    {
        var sandbox = new BubblewrapSandbox(new KbuildCompilerOptions { SandboxSystemPaths = ["/usr", "/bin"] });
        var make = new ProcessInvocation("make", ["-C", "/r/usr/src/h", "modules"], TimeSpan.FromMinutes(1)) { WorkingDirectory = "/w/module" };

        var wrapped = sandbox.Wrap(make, ["/r"], "/w/module");

        Assert.Equal("bwrap", wrapped.FileName);
        var arguments = string.Join(' ', wrapped.Arguments);
        Assert.StartsWith("--unshare-all --die-with-parent --new-session ", arguments, StringComparison.Ordinal);
        Assert.Contains("--ro-bind /usr /usr", arguments, StringComparison.Ordinal);
        Assert.Contains(new FileInfo("/bin").LinkTarget is { } link ? $"--symlink {link} /bin" : "--ro-bind /bin /bin", arguments, StringComparison.Ordinal);
        Assert.EndsWith("--ro-bind /r /r --bind /w/module /w/module --chdir /w/module -- make -C /r/usr/src/h modules", arguments, StringComparison.Ordinal);
        Assert.Single(wrapped.Arguments, a => a == "--bind");
    }
}
