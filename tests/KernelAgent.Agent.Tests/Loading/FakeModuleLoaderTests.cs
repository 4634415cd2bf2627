using KernelAgent.Agent.Loading;

namespace KernelAgent.Agent.Tests.Loading;

/// <summary>The fake behaves like the real loader in the ways its users depend on.</summary>
public sealed class FakeModuleLoaderTests
{
    [Fact]
    public async Task LoadAsync_ThenAgain_LoadedThenAlreadyLoadedOurs()
    {
        var loader = new FakeModuleLoader();
        var request = new ModuleLoadRequest("kagent-sample", "/x.ko") { ExpectedSrcVersion = "ABC" };

        var first = await loader.LoadAsync(request, TestContext.Current.CancellationToken);
        var second = await loader.LoadAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(LoadOutcome.Loaded, first.Outcome);
        Assert.Equal((LoadOutcome.AlreadyLoaded, ModuleOwnership.Ours), (second.Outcome, second.Ownership));
        Assert.True(loader.IsLoaded("kagent_sample"));
    }

    [Fact]
    public async Task LoadAsync_PretendLoadedByOthers_ReportsNotOurs()
    {
        var loader = new FakeModuleLoader();
        loader.PretendLoaded("kagent_sample", "OTHER");

        var result = await loader.LoadAsync(new ModuleLoadRequest("kagent_sample", "/x.ko") { ExpectedSrcVersion = "ABC" }, TestContext.Current.CancellationToken);

        Assert.Equal(ModuleOwnership.NotOurs, result.Ownership);
    }

    [Fact]
    public async Task LoadAsync_ScriptedErrno_ThrowsLikeTheKernel()
    {
        var loader = new FakeModuleLoader { FailWithErrno = 129 };

        var error = await Assert.ThrowsAsync<ModuleLoadException>(
            () => loader.LoadAsync(new ModuleLoadRequest("kagent_sample", "/x.ko"), TestContext.Current.CancellationToken));

        Assert.Equal(ModuleLoadFailure.SignatureRejected, error.Failure);
        Assert.Equal(UnloadOutcome.NotLoaded, await loader.UnloadAsync("kagent_sample", TestContext.Current.CancellationToken));
    }
}
