using System.Text;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Layout;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>A build that produces several modules publishes them all as one artifact; Resolve answers with every one.</summary>
public sealed class MultiModulePublishTests
{
    [Fact(Timeout = 60_000)]
    public async Task Build_DriverOfThreeModules_PublishesEveryModuleAndResolveListsThem()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        farm.Service<FakeModuleBuilder>().ModulesOf = _ =>
        [
            BuiltModuleFile.Create("jool_common", Encoding.UTF8.GetBytes("common")),
            BuiltModuleFile.Create("jool", Encoding.UTF8.GetBytes("nat64")),
            BuiltModuleFile.Create("xt_ACCOUNT", Encoding.UTF8.GetBytes("account"), "kernel/net/netfilter"),
        ];

        var built = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        var resolved = await farm.Client.ResolveAsync(new ResolveRequest { Variant = TestVariants.Build().Variant, Driver = TestVariants.Build().Driver }, cancellationToken: token);

        Assert.Equal(BuildState.Succeeded, built.Last.State);
        var published = built.Last.Succeeded.Artifact;
        Assert.Equal(["jool_common", "jool", "xt_ACCOUNT"], published.Modules.Select(m => m.Name));
        Assert.Equal(["updates/dkms", "updates/dkms", "kernel/net/netfilter"], published.Modules.Select(m => m.InstallLocation));
        Assert.Equal(Digests.Prefixed(Digests.Sha256Hex("account"u8)), published.Modules[2].Digest);
        Assert.Equal(published.Modules[0].Key, published.ModuleKey);
        Assert.True(resolved.Found);
        Assert.Equal(published.Modules, resolved.Artifact.Modules);
        foreach (var module in published.Modules)
        {
            Assert.Equal(module.Digest, Digests.Prefixed(Digests.Sha256Hex(await farm.Http.GetByteArrayAsync(new Uri(published.StoreUrl + module.Key), token))));
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_ModuleWithAnEscapingInstallLocation_FailsWithoutPublishing()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        farm.Service<FakeModuleBuilder>().ModulesOf = _ => [BuiltModuleFile.Create("jool", Encoding.UTF8.GetBytes("nat64"), "../../etc")];

        var built = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);

        Assert.Equal(BuildState.Failed, built.Last.State);
        Assert.Contains("install location", built.Last.Failed.Message, StringComparison.Ordinal);
    }
}
