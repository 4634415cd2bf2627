using KernelAgent.Agent.Loading;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelAgent.Agent.Tests.Loading;

/// <summary>ModuleSetLoader with a kernel tree: jool's set needs nf_defrag_ipv6 and x_tables of the running kernel.</summary>
public sealed class KernelDependencyLoadingTests : IDisposable
{
    private const string Release = "6.1.0-57-amd64";
    private const string ReleaseFolder = "lib/modules/" + Release;

    private const string JoolModulesDep = """
        kernel/net/netfilter/x_tables.ko:
        kernel/net/ipv6/netfilter/nf_defrag_ipv6.ko:
        kernel/net/ipv4/netfilter/nf_defrag_ipv4.ko:
        kernel/net/netfilter/nf_conntrack.ko: kernel/net/ipv6/netfilter/nf_defrag_ipv6.ko kernel/net/ipv4/netfilter/nf_defrag_ipv4.ko kernel/lib/libcrc32c.ko
        kernel/lib/libcrc32c.ko:
        updates/dkms/vendor_helper.ko:
        extra/other.ko:
        kernel/drivers/media/v4l2-core/videodev.ko.xz: kernel/drivers/media/mc/mc.ko.xz
        kernel/drivers/media/mc/mc.ko.xz:

        """;

    private readonly TempHostRoot _root = new();
    private readonly FakeModuleLoader _loader = new();

    public KernelDependencyLoadingTests()
    {
        _root.WriteFile($"{ReleaseFolder}/modules.dep", JoolModulesDep);
        foreach (var line in JoolModulesDep.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            _root.WriteFile($"{ReleaseFolder}/{line[..line.IndexOf(':')]}", "module");
        }
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task LoadAsync_JoolNeedsKernelModules_LoadsThemFirstThenTheSetInOrder()
    {
        var set = await Load(Jool());

        Assert.Equal(["nf_defrag_ipv6", "x_tables", "jool_common", "jool", "jool_siit"], _loader.LoadRequests.Select(r => r.ModuleName));
        Assert.Equal(["jool_common", "jool", "jool_siit"], set.Modules.Select(r => r.ModuleName));
        Assert.Equal(["nf_defrag_ipv6", "x_tables"], set.KernelDependencies);
        Assert.Equal(_root.Join($"{ReleaseFolder}/kernel/net/ipv6/netfilter/nf_defrag_ipv6.ko"), _loader.LoadRequests[0].ModulePath);
        Assert.All(_loader.LoadRequests.Take(2), r => Assert.Null(r.ExpectedSha256));
    }

    [Fact]
    public async Task LoadAsync_KernelModuleNeedsOthers_LoadsThemTransitivelyInDependencyOrder()
    {
        var set = await Load([ModuleSetLoaderTests.Member("xt_thing", "nf-conntrack")]);

        Assert.Equal(["nf_defrag_ipv6", "nf_defrag_ipv4", "libcrc32c", "nf_conntrack"], set.KernelDependencies);
        Assert.Equal("nf_conntrack", _loader.LoadRequests[3].ModuleName);
        Assert.Equal("xt_thing", _loader.LoadRequests[^1].ModuleName);
    }

    [Fact]
    public async Task LoadAsync_KernelDependencyAlreadyLoaded_IsSkipped()
    {
        _loader.PretendLoaded("nf_defrag_ipv6", null);

        var set = await Load(Jool());

        Assert.Equal(["x_tables"], set.KernelDependencies);
        Assert.DoesNotContain(_loader.LoadRequests, r => r.ModuleName == "nf_defrag_ipv6");
    }

    [Fact]
    public async Task LoadAsync_DependencyFoundNowhere_RefusesNamingItBeforeLoadingAnything()
    {
        var error = await Assert.ThrowsAsync<ModuleLoadException>(() => Load([.. Jool(), ModuleSetLoaderTests.Member("jool_mapt", "jool_common,nf_missing")]));

        Assert.Equal(ModuleLoadFailure.UnmetDependency, error.Failure);
        Assert.Contains("jool_mapt needs nf_missing", error.Message, StringComparison.Ordinal);
        Assert.Empty(_loader.LoadRequests);
    }

    [Theory]
    [InlineData("vendor_helper", "updates/dkms/vendor_helper.ko")]
    [InlineData("other", "extra/other.ko")]
    public async Task LoadAsync_DependencyOutsideTheKernelFolder_IsRefusedBeforeLoadingAnything(string dependency, string where)
    {
        var error = await Assert.ThrowsAsync<ModuleLoadException>(() => Load([ModuleSetLoaderTests.Member("driver", dependency)]));

        Assert.Contains($"driver needs {dependency}", error.Message, StringComparison.Ordinal);
        Assert.Contains(where, error.Message, StringComparison.Ordinal);
        Assert.Empty(_loader.LoadRequests);
    }

    [Fact]
    public async Task LoadAsync_CompressedDependencyKernelCannotDecompress_IsRefusedBeforeLoadingAnything()
    {
        var error = await Assert.ThrowsAsync<ModuleLoadException>(() => Load([ModuleSetLoaderTests.Member("v4l2loopback", "videodev")]));

        Assert.Contains("xz-compressed", error.Message, StringComparison.Ordinal);
        Assert.Empty(_loader.LoadRequests);
    }

    [Fact]
    public async Task LoadAsync_CompressedDependencyKernelDecompresses_LoadsWithTheCompressedFlag()
    {
        _root.WriteFile("sys/module/compression", "xz\n");

        var set = await Load([ModuleSetLoaderTests.Member("v4l2loopback", "videodev")]);

        Assert.Equal(["mc", "videodev"], set.KernelDependencies);
        Assert.All(_loader.LoadRequests.Take(2), r => Assert.True(r.CompressedFile));
        Assert.False(_loader.LoadRequests[^1].CompressedFile);
    }

    [Fact]
    public async Task LoadAsync_MalformedModulesDep_IsARefusalNamingTheLine()
    {
        _root.WriteFile($"{ReleaseFolder}/modules.dep", "kernel/net/netfilter/x_tables.ko:\n../../etc/evil.ko:\n");

        var error = await Assert.ThrowsAsync<ModuleLoadException>(() => Load(Jool()));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Empty(_loader.LoadRequests);
    }

    [Fact]
    public async Task LoadAsync_FailureInTheMiddle_UnloadsTheKernelModulesThisPassLoadedToo()
    {
        _loader.PretendLoaded("x_tables", null);
        var failing = new ModuleSetLoaderTests.FailingLoader(_loader, failOn: "jool_siit");

        await Assert.ThrowsAsync<ModuleLoadException>(() => new ModuleSetLoader(failing, NullLogger.Instance, new KernelModuleTree(_root.Path, Release))
            .LoadAsync(Jool(), TestContext.Current.CancellationToken));

        Assert.Equal(["jool", "jool_common", "nf_defrag_ipv6"], _loader.UnloadRequests);
        Assert.True(_loader.IsLoaded("x_tables"));
    }

    private static ModuleSetMember[] Jool() =>
    [
        ModuleSetLoaderTests.Member("jool_common", "nf_defrag_ipv6,x_tables"),
        ModuleSetLoaderTests.Member("jool", "jool_common,x_tables"),
        ModuleSetLoaderTests.Member("jool_siit", "jool_common"),
    ];

    private Task<ModuleSetLoad> Load(IReadOnlyList<ModuleSetMember> members) =>
        new ModuleSetLoader(_loader, NullLogger.Instance, new KernelModuleTree(_root.Path, Release)).LoadAsync(members, TestContext.Current.CancellationToken);
}
