using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Resolution;
using KernelAgent.Agent.Service;
using KernelAgent.Agent.Tests.Resolution;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Layout;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>Drivers of several modules (all or nothing, dependency order) and the offline boot from what is installed.</summary>
public sealed partial class AgentPassTests
{
    private static readonly (string Name, byte[] Bytes, string Location)[] Jool =
    [
        ("jool", TestModules.Named("jool", "jool_common"), "updates/dkms"),
        ("jool_siit", TestModules.Named("jool_siit", "jool_common"), "kernel/net/jool"),
        ("jool_common", TestModules.Named("jool_common", ""), "updates/dkms"),
    ];

    [Fact]
    public async Task RunAsync_DriverOfThreeModules_InstallsEachInItsLocationRunsDepmodOnceAndLoadsInDependencyOrder()
    {
        UseCountingDepmod();
        await _work.PublishSetAsync(_store, TestModules.Variant, Jool);

        var result = await Pass().RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.Loaded, 0, result);
        Assert.StartsWith("loaded jool_common, jool, jool_siit ", result.Message, StringComparison.Ordinal);
        foreach (var (name, bytes, location) in Jool)
        {
            Assert.Equal(bytes, File.ReadAllBytes(_host.Join($"lib/modules/{Release}/{location}/{name}.ko")));
        }

        Assert.Single(File.ReadAllLines(_host.Join("depmod-runs")));
        Assert.Equal(["jool_common", "jool", "jool_siit"], _loader.LoadRequests.Select(r => r.ModuleName));
        Assert.Equal(3, result.ModulePaths!.Count);
        Assert.True(File.Exists(Path.Join(_options.StateDirectory, "attestations", Release, Name + ".dsse.json")));
    }

    [Fact]
    public async Task RunAsync_DriverNeedsAKernelModuleNotLoaded_LoadsItFromTheKernelsModulesDepFirstAndSaysSo()
    {
        _depmodBody = $"printf 'kernel/net/ipv6/netfilter/nf_defrag_ipv6.ko:\\nupdates/dkms/jool_common.ko: kernel/net/ipv6/netfilter/nf_defrag_ipv6.ko\\n' > '{_host.Join($"lib/modules/{Release}/modules.dep")}'";
        _host.WriteFile($"lib/modules/{Release}/kernel/net/ipv6/netfilter/nf_defrag_ipv6.ko", "module");
        (string, byte[], string)[] modules = [Jool[0], Jool[1], ("jool_common", TestModules.Named("jool_common", "nf_defrag_ipv6"), "updates/dkms")];
        await _work.PublishSetAsync(_store, TestModules.Variant, modules);

        var result = await Pass().RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.Loaded, 0, result);
        Assert.EndsWith(", after the kernel's own nf_defrag_ipv6", result.Message, StringComparison.Ordinal);
        Assert.Equal(["nf_defrag_ipv6", "jool_common", "jool", "jool_siit"], _loader.LoadRequests.Select(r => r.ModuleName));
    }

    [Fact]
    public async Task RunAsync_OneModuleOfTheSetBuiltForAnotherKernel_RefusesTheWholeSetInstallsNothing()
    {
        UseCountingDepmod();
        (string, byte[], string)[] modules = [Jool[0], ("jool_siit", TestModules.Named("jool_siit", "jool_common", release: "6.1.0-55-amd64"), "updates/dkms"), Jool[2]];
        await _work.PublishSetAsync(_store, TestModules.Variant, modules);

        var result = await Pass().RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.Refused, PassOutcomes.ExitCode(PassOutcome.Refused), result);
        Assert.Contains("6.1.0-55-amd64", result.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_host.Join($"lib/modules/{Release}/updates")));
        Assert.Empty(_loader.LoadRequests);
    }

    [Fact]
    public async Task RunAsync_OneModuleOfTheSetTamperedInTheStore_NothingIsInstalledOrLoaded()
    {
        await _work.PublishSetAsync(_store, TestModules.Variant, Jool);
        File.WriteAllBytes(ArtifactWorkspace.PathOf(_store, StoreLayout.ModuleKey(TestModules.Variant, "jool_siit.ko", Digests.Sha256Hex(Jool[1].Bytes))),
            TestModules.Named("jool_siit", "jool_common", build: 2));

        var result = await Pass().RunAsync(load: true, CancellationToken.None);

        Assert.Equal(PassOutcome.Refused, result.Outcome);
        Assert.Contains("jool_siit.ko", result.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_host.Join($"lib/modules/{Release}/updates")));
        Assert.Empty(_loader.LoadRequests);
    }

    [Fact]
    public async Task RunAsync_AfterRebootWithCacheGoneAndNoStoreOrFarm_LoadsTheInstalledSetVerifiedFromItsAttestation()
    {
        UseCountingDepmod();
        await _work.PublishSetAsync(_store, TestModules.Variant, Jool);
        AssertOutcome(PassOutcome.Loaded, 0, await Pass().RunAsync(load: true, CancellationToken.None));
        Reboot();

        var result = await Pass(stores: []).RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.Loaded, 0, result);
        Assert.Equal(ArtifactSource.Installed, result.Source);
        Assert.Equal(["jool_common", "jool", "jool_siit"], _loader.LoadRequests.Select(r => r.ModuleName));
        Assert.Single(File.ReadAllLines(_host.Join("depmod-runs")));
    }

    [Fact]
    public async Task RunAsync_AfterRebootAnInstalledModuleWasChanged_IsNotTrustedAndNothingLoads()
    {
        await _work.PublishSetAsync(_store, TestModules.Variant, Jool);
        AssertOutcome(PassOutcome.Loaded, 0, await Pass().RunAsync(load: true, CancellationToken.None));
        Reboot();
        File.WriteAllBytes(_host.Join($"lib/modules/{Release}/kernel/net/jool/jool_siit.ko"), TestModules.Named("jool_siit", "jool_common", build: 2));

        var result = await Pass(stores: []).RunAsync(load: true, CancellationToken.None);

        // Not trusted means resolved as if nothing were installed: with no store and no farm, a miss.
        Assert.Equal(PassOutcome.NotFound, result.Outcome);
        Assert.Empty(_loader.LoadRequests);
    }

    [Fact]
    public async Task RunAsync_AfterRebootTheAttestationsKeyIsNoLongerTrusted_IsNotTrusted()
    {
        await _work.PublishSetAsync(_store, TestModules.Variant, Jool);
        AssertOutcome(PassOutcome.Loaded, 0, await Pass().RunAsync(load: true, CancellationToken.None));
        Reboot();
        using var other = SigningKey.Generate();
        _trustedOverride = new TrustedKeyRing([other.Public]);

        var result = await Pass(stores: []).RunAsync(load: true, CancellationToken.None);

        Assert.NotEqual(PassOutcome.Loaded, result.Outcome);
        Assert.Empty(_loader.LoadRequests);
    }

    [Fact]
    public async Task RunAsync_AfterRebootTheDriverVersionChanged_ResolvesNormallyInsteadOfLoadingTheOldSet()
    {
        await _work.PublishSetAsync(_store, TestModules.Variant, Jool);
        AssertOutcome(PassOutcome.Loaded, 0, await Pass().RunAsync(load: true, CancellationToken.None));
        Reboot();
        _options.DriverVersion = "2.0.0";

        var result = await Pass(stores: []).RunAsync(load: true, CancellationToken.None);

        Assert.Equal(PassOutcome.NotFound, result.Outcome);
        Assert.Empty(_loader.LoadRequests);
    }

    // The kernel forgets every module and the cache is removed; lib/modules and the agent's state stay.
    private void Reboot()
    {
        foreach (var (name, _, _) in Jool)
        {
            _loader.UnloadAsync(name, CancellationToken.None).GetAwaiter().GetResult();
        }

        _loader.LoadRequests.Clear();
        Directory.Delete(_work.CacheDirectory, recursive: true);
        _log.Events.Clear();
    }

    private void UseCountingDepmod() =>
        _depmodBody = $"echo run >> '{_host.Join("depmod-runs")}'; printf 'updates/dkms/jool.ko:\\nupdates/dkms/jool_common.ko:\\nkernel/net/jool/jool_siit.ko:\\n' > '{_host.Join($"lib/modules/{Release}/modules.dep")}'";
}
