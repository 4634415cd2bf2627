using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using Microsoft.Extensions.DependencyInjection;

namespace KernelAgent.BuildFarm.Tests.Headers;

public sealed class HeadersServiceCollectionExtensionsTests
{
    [Fact]
    public void AddKernelHeaderSources_WithCompilationAndRegistry_ResolvesEveryFamilyAndService()
    {
        using var scratch = new ScratchDirectory("di");
        var services = new ServiceCollection()
            .AddLogging()
            .Configure<HeaderCacheOptions>(o => o.Directory = scratch.Path)
            .AddKernelHeaderSources()
            .AddModuleCompilation()
            .AddDriverRegistry();
        using var provider = services.BuildServiceProvider();

        var families = provider.GetServices<IHeaderSource>().Select(s => s.Family);

        Assert.Equal(["Debian", "Ubuntu", "RHEL", "Amazon Linux"], families);
        // Every source keeps its own family's packages, as the very instance that builds use.
        Assert.Equal(provider.GetServices<IHeaderSource>(), provider.GetServices<IHeaderPackageKeeper>().Cast<IHeaderSource>(), ReferenceEqualityComparer.Instance);
        Assert.Equal("Debian", provider.GetRequiredService<IHeaderSourceSelector>().SourceFor(new KernelTarget("debian", "12", KernelMachine.X8664, "r", "b")).Family);
        Assert.NotNull(provider.GetRequiredService<IModuleCompiler>());
        Assert.Empty(provider.GetRequiredService<IDriverRegistry>().Drivers);
    }
}
