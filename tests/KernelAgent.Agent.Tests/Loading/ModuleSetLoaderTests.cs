using KernelAgent.Agent.Loading;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelAgent.Agent.Tests.Loading;

public sealed class ModuleSetLoaderTests
{
    private readonly FakeModuleLoader _loader = new();

    [Fact]
    public async Task LoadAsync_JoolLikeSet_LoadsCommonFirstThenTheOthersInArtifactOrder()
    {
        var results = await Load(("jool", "jool_common"), ("jool_siit", "jool_common"), ("jool_common", ""));

        Assert.Equal(["jool_common", "jool", "jool_siit"], results.Select(r => r.ModuleName));
        Assert.Equal(["jool_common", "jool", "jool_siit"], _loader.LoadRequests.Select(r => r.ModuleName));
    }

    [Fact]
    public async Task LoadAsync_DependencyAlreadyLoadedOutsideTheSet_IsAccepted()
    {
        _loader.PretendLoaded("x_tables", "ABC");

        var results = await Load(("xt_ACCOUNT", "x_tables"));

        Assert.Equal("xt_ACCOUNT", Assert.Single(results).ModuleName);
    }

    [Fact]
    public async Task LoadAsync_DependencyNeitherInSetNorLoaded_RefusesBeforeLoadingAnything()
    {
        var error = await Assert.ThrowsAsync<ModuleLoadException>(() => Load(("jool_common", ""), ("jool", "jool_common,nf_defrag_ipv6")));

        Assert.Equal(ModuleLoadFailure.UnmetDependency, error.Failure);
        Assert.Contains("jool needs nf_defrag_ipv6", error.Message, StringComparison.Ordinal);
        Assert.Empty(_loader.LoadRequests);
    }

    [Fact]
    public async Task LoadAsync_Cycle_RefusesNamingTheModules()
    {
        var error = await Assert.ThrowsAsync<ModuleLoadException>(() => Load(("a", "b"), ("b", "a"), ("c", "")));

        Assert.Equal(ModuleLoadFailure.UnmetDependency, error.Failure);
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
        Assert.Contains("a needs b", error.Message, StringComparison.Ordinal);
        Assert.Empty(_loader.LoadRequests);
    }

    [Fact]
    public async Task LoadAsync_FailureInTheMiddle_UnloadsWhatThisPassLoadedInReverseOrder()
    {
        _loader.PretendLoaded("already", "OLD");
        var failing = new FailingLoader(_loader, failOn: "third");

        await Assert.ThrowsAsync<ModuleLoadException>(() => new ModuleSetLoader(failing, NullLogger.Instance).LoadAsync(
            [Member("first", ""), Member("already", ""), Member("second", "first"), Member("third", "second")], TestContext.Current.CancellationToken));

        Assert.Equal(["second", "first"], _loader.UnloadRequests);
        Assert.True(_loader.IsLoaded("already"));
        Assert.False(_loader.IsLoaded("first"));
    }

    [Fact]
    public async Task LoadAsync_DashInFileName_MatchesUnderscoreInDepends()
    {
        var results = await Load(("ovpn-dco-v2", "ovpn_helper"), ("ovpn-helper", ""));

        Assert.Equal(["ovpn_helper", "ovpn_dco_v2"], results.Select(r => r.ModuleName));
    }

    private async Task<IReadOnlyList<LoadResult>> Load(params (string Name, string Depends)[] modules) =>
        (await new ModuleSetLoader(_loader, NullLogger.Instance).LoadAsync([.. modules.Select(m => Member(m.Name, m.Depends))], TestContext.Current.CancellationToken)).Modules;

    internal static ModuleSetMember Member(string name, string depends) =>
        new(new ModuleLoadRequest(name, $"/lib/modules/6.1.0-56-amd64/updates/dkms/{name}.ko"),
            depends.Split(',', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The fake loader, failing the load of one module as finit_module would (ENOEXEC).</summary>
    internal sealed class FailingLoader(FakeModuleLoader inner, string failOn) : IModuleLoader
    {
        public Task<LoadResult> LoadAsync(ModuleLoadRequest request, CancellationToken cancellationToken) =>
            request.ModuleName == failOn
                ? throw ModuleLoadException.FromErrno(request.ModuleName, request.ModulePath, 8)
                : inner.LoadAsync(request, cancellationToken);

        public bool IsLoaded(string name) => inner.IsLoaded(name);

        public LoadedModuleInfo? GetLoadedInfo(string name) => inner.GetLoadedInfo(name);

        public Task<UnloadOutcome> UnloadAsync(string name, CancellationToken cancellationToken) => inner.UnloadAsync(name, cancellationToken);
    }
}
