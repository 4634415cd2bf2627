using System.Runtime.InteropServices;
using KernelAgent.Agent.Loading;
using KernelAgent.Store.Layout;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelAgent.Agent.Tests.Loading;

/// <summary>The real loader with the two system calls faked: nothing is ever loaded into the test machine's kernel.</summary>
public sealed class FinitModuleLoaderTests : IDisposable
{
    private const string SrcVersion = "8A9B2C3D4E5F60718293A4B";
    private static readonly byte[] ModuleBytes = "\u007fELF fake module"u8.ToArray();

    private readonly TempHostRoot _host = new();
    private readonly FakeKernelModuleSyscalls _syscalls = new();
    private readonly FinitModuleLoader _loader;
    private readonly string _modulePath;

    public FinitModuleLoaderTests()
    {
        _loader = new FinitModuleLoader(_host.Path, _syscalls, NullLogger<FinitModuleLoader>.Instance);
        _modulePath = _host.Join("lib/modules/6.1.0-56-amd64/extra/kagent-sample.ko");
        Directory.CreateDirectory(Path.GetDirectoryName(_modulePath)!);
        File.WriteAllBytes(_modulePath, ModuleBytes);
        _host.WriteFile("proc/modules", ProcModulesFixture.Text);
        _host.WriteFile("sys/module/kagent_sample/srcversion", SrcVersion + "\n");
        _host.WriteFile("sys/module/kagent_sample/taint", "OE\n");
        _host.WriteFile("sys/module/kagent_sample/version", "1.0.0\n");
    }

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, ModuleInitFlags.CompressedFile)]
    public async Task LoadAsync_CompressedFile_PassesOnlyTheDecompressFlag(bool compressed, int flags)
    {
        await _loader.LoadAsync(new ModuleLoadRequest("kagent-sample", _modulePath) { CompressedFile = compressed }, TestContext.Current.CancellationToken);

        Assert.Equal(flags, Assert.Single(_syscalls.FinitFlags));
    }

    [Fact]
    public async Task LoadAsync_KernelAccepts_ReturnsLoadedAndPassesFileAndParameters()
    {
        var request = new ModuleLoadRequest("kagent-sample", _modulePath)
        {
            Parameters = ModuleParameters.Parse(new Dictionary<string, string?> { ["debug"] = "1", ["label"] = "a b" }),
        };

        var result = await _loader.LoadAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(LoadOutcome.Loaded, result.Outcome);
        Assert.Equal(ModuleOwnership.Ours, result.Ownership);
        Assert.Equal("kagent_sample", result.ModuleName);
        Assert.Equal("debug=1 label=\"a b\"", Assert.Single(_syscalls.FinitParameters));
        Assert.Equal(ModuleBytes, Assert.Single(_syscalls.FinitFileHeads));
        Assert.Equal("OE", result.Module?.Taint);
    }

    [Fact]
    public async Task LoadAsync_EExistWithSameSrcVersion_ReturnsAlreadyLoadedOurs()
    {
        _syscalls.FinitErrno = 17;

        var result = await _loader.LoadAsync(
            new ModuleLoadRequest("kagent_sample", _modulePath) { ExpectedSrcVersion = SrcVersion.ToLowerInvariant() },
            TestContext.Current.CancellationToken);

        Assert.Equal(LoadOutcome.AlreadyLoaded, result.Outcome);
        Assert.Equal(ModuleOwnership.Ours, result.Ownership);
        Assert.Equal(SrcVersion, result.Module?.SrcVersion);
    }

    [Fact]
    public async Task LoadAsync_EExistWithOtherSrcVersion_ReturnsAlreadyLoadedNotOurs()
    {
        _syscalls.FinitErrno = 17;

        var result = await _loader.LoadAsync(
            new ModuleLoadRequest("kagent_sample", _modulePath) { ExpectedSrcVersion = "0000000000000000000000A" },
            TestContext.Current.CancellationToken);

        Assert.Equal(LoadOutcome.AlreadyLoaded, result.Outcome);
        Assert.Equal(ModuleOwnership.NotOurs, result.Ownership);
    }

    [Fact]
    public async Task LoadAsync_EExistWithoutExpectedSrcVersion_OwnershipUnknown()
    {
        _syscalls.FinitErrno = 17;

        var result = await _loader.LoadAsync(new ModuleLoadRequest("kagent_sample", _modulePath), TestContext.Current.CancellationToken);

        Assert.Equal(ModuleOwnership.Unknown, result.Ownership);
    }

    [Fact]
    public async Task LoadAsync_KernelRefusesSignature_ThrowsWithErrnoAndAdvice()
    {
        _syscalls.FinitErrno = 129;

        var error = await Assert.ThrowsAsync<ModuleLoadException>(
            () => _loader.LoadAsync(new ModuleLoadRequest("kagent_sample", _modulePath), TestContext.Current.CancellationToken));

        Assert.Equal(ModuleLoadFailure.SignatureRejected, error.Failure);
        Assert.Equal(_modulePath, error.ModulePath);
        Assert.Contains("enroll the farm's kernel-signing key (MOK)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_FileChangedSinceVerification_RefusesWithoutCallingTheKernel()
    {
        var request = new ModuleLoadRequest("kagent_sample", _modulePath) { ExpectedSha256 = new string('a', 64) };

        var error = await Assert.ThrowsAsync<ModuleLoadException>(() => _loader.LoadAsync(request, TestContext.Current.CancellationToken));

        Assert.Equal(ModuleLoadFailure.DigestMismatch, error.Failure);
        Assert.Empty(_syscalls.FinitParameters);
    }

    [Fact]
    public async Task LoadAsync_DigestMatches_Loads()
    {
        var request = new ModuleLoadRequest("kagent_sample", _modulePath)
        {
            ExpectedSha256 = Digests.Prefixed(Digests.Sha256Hex(ModuleBytes)),
        };

        var result = await _loader.LoadAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(LoadOutcome.Loaded, result.Outcome);
    }

    [Fact]
    public async Task LoadAsync_MissingFile_ThrowsFileUnreadableNamingThePath()
    {
        var missing = _host.Join("nowhere/kagent_sample.ko");

        var error = await Assert.ThrowsAsync<ModuleLoadException>(
            () => _loader.LoadAsync(new ModuleLoadRequest("kagent_sample", missing), TestContext.Current.CancellationToken));

        Assert.Equal(ModuleLoadFailure.FileUnreadable, error.Failure);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Null(error.Errno);
    }

    [Fact]
    public async Task LoadAsync_UnknownArchitecture_ThrowsUnsupportedArchitecture()
    {
        var loader = new FinitModuleLoader(_host.Path, null, NullLogger<FinitModuleLoader>.Instance);

        var error = await Assert.ThrowsAsync<ModuleLoadException>(
            () => loader.LoadAsync(new ModuleLoadRequest("kagent_sample", _modulePath), TestContext.Current.CancellationToken));

        Assert.Equal(ModuleLoadFailure.UnsupportedArchitecture, error.Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../evil")]
    [InlineData("name with space")]
    public async Task LoadAsync_InvalidModuleName_ThrowsArgumentException(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => _loader.LoadAsync(new ModuleLoadRequest(name, _modulePath), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("kagent_sample", true)]
    [InlineData("kagent-sample", true)]
    [InlineData("net_failover", true)]
    [InlineData("nf_nat_ftp", false)]
    public void IsLoaded_ReadsProcModulesUnderHostRoot(string name, bool loaded)
    {
        Assert.Equal(loaded, _loader.IsLoaded(name));
    }

    [Fact]
    public void GetLoadedInfo_LoadedModule_CombinesProcModulesAndSysfs()
    {
        var info = _loader.GetLoadedInfo("kagent-sample");

        Assert.NotNull(info);
        Assert.Equal("kagent_sample", info.Name);
        Assert.Equal(SrcVersion, info.SrcVersion);
        Assert.Equal("1.0.0", info.Version);
        Assert.Equal("OE", info.Taint);
        Assert.Equal(0, info.ReferenceCount);
        Assert.Equal(ModuleOwnership.Ours, info.OwnershipFor(SrcVersion));
    }

    [Fact]
    public void GetLoadedInfo_ModuleWithoutSysfsAttributes_KeepsProcModulesTaint()
    {
        var info = _loader.GetLoadedInfo("zfs");

        Assert.NotNull(info);
        Assert.Equal("POE", info.Taint);
        Assert.Null(info.SrcVersion);
        Assert.Equal(ModuleOwnership.Unknown, info.OwnershipFor(SrcVersion));
    }

    [Fact]
    public void GetLoadedInfo_NotLoaded_ReturnsNull()
    {
        Assert.Null(_loader.GetLoadedInfo("nf_nat_ftp"));
    }

    [Fact]
    public void IsLoaded_NoProcUnderHostRoot_ThrowsNamingTheFile()
    {
        File.Delete(_host.Join("proc/modules"));

        var error = Assert.Throws<ModuleLoadException>(() => _loader.IsLoaded("kagent_sample"));

        Assert.Equal(ModuleLoadFailure.LoadedModulesUnreadable, error.Failure);
        Assert.Contains(_host.Join("proc/modules"), error.Message, StringComparison.Ordinal);
        Assert.Contains("is the host's /proc mounted", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, UnloadOutcome.Unloaded)]
    [InlineData(2, UnloadOutcome.NotLoaded)]
    public async Task UnloadAsync_KernelAnswer_GivesOutcome(int errno, UnloadOutcome outcome)
    {
        _syscalls.DeleteErrno = errno;

        Assert.Equal(outcome, await _loader.UnloadAsync("kagent-sample", TestContext.Current.CancellationToken));
        Assert.Equal("kagent_sample", Assert.Single(_syscalls.DeletedNames));
    }

    [Fact]
    public async Task UnloadAsync_ModuleInUse_ThrowsWithAdvice()
    {
        _syscalls.DeleteErrno = 11;

        var error = await Assert.ThrowsAsync<ModuleUnloadException>(() => _loader.UnloadAsync("kagent_sample", TestContext.Current.CancellationToken));

        Assert.Equal("EWOULDBLOCK", error.ErrnoName);
        Assert.Contains("in use", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Architecture.X64, 313, 176)]
    [InlineData(Architecture.Arm64, 273, 106)]
    public void ModuleSyscallNumbers_SupportedArchitectures_MatchKernelTables(Architecture architecture, int finit, int delete)
    {
        Assert.Equal(new ModuleSyscallNumbers(finit, delete), ModuleSyscallNumbers.For(architecture));
    }

    [Fact]
    public void CreateSyscalls_UnknownArchitecture_GivesNone()
    {
        Assert.Null(FinitModuleLoader.CreateSyscalls(Architecture.S390x));
        Assert.NotNull(FinitModuleLoader.CreateSyscalls(RuntimeInformation.ProcessArchitecture));
    }
}
