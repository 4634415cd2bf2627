using KernelAgent.EndToEnd.Tests.Farm;
using KernelAgent.EndToEnd.Tests.Guest;
using KernelAgent.Store.Layout;

namespace KernelAgent.EndToEnd.Tests.Scenarios;

/// <summary>
/// The main job: a real Debian kernel in qemu, with only the agent in its initramfs, ends up with the driver
/// loaded, built on demand by the farm, signed, fetched over the user-mode network and verified.
/// </summary>
[Collection(EndToEndSuite.Name)]
[Trait("Category", "Integration")]
public sealed class BuildOnDemandTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task Amd64Guest_WithNoArtifactAnywhere_MissesBuildsVerifiesAndLoads()
    {
        fixture.Require();
        var first = await fixture.FirstAmd64BootAsync();
        var report = first.Report;

        Assert.True(report.Finished, report.Describe());
        Assert.StartsWith(first.Kernel.Release + " ", report.Boot, StringComparison.Ordinal);
        Assert.True(report.AgentExitCode == 0, $"agent exit {report.AgentExitCode}; {report.Describe()}");
        var pass = Assert.IsType<AgentPassRecord>(report.Pass);
        Assert.Equal("Loaded", pass.Outcome);
        Assert.Equal("Farm", pass.Source);
        Assert.True(pass.FarmBuilt, "the farm should have compiled the module for this request: " + pass.Message);
        Assert.False(string.IsNullOrEmpty(pass.BuildId));
        Assert.Equal(first.CompilationsBefore + 1, first.CompilationsAfter);
        AssertLoaded(report);
        Assert.Equal(0, report.StatusExitCode);

        var published = StoreVariant.Find((await fixture.FarmAsync()).StoreDirectory, first.Kernel.Machine, first.Kernel.Release);
        Assert.Equal(Digests.Sha256Hex(File.ReadAllBytes(published.ModuleFile)), pass.ArtifactDigest);
        Assert.Equal(pass.VariantKey, Path.GetFileName(published.Folder));
    }

    [Fact]
    public async Task Amd64Guest_AfterTheFarmPublished_IsAHitWithoutCompiling()
    {
        fixture.Require();
        var first = await fixture.FirstAmd64BootAsync();
        var farm = await fixture.FarmAsync();
        var before = farm.CompilationsLogged();

        var report = await fixture.BootAsync(
            new GuestRequest("amd64-second-guest", first.Kernel, GuestScenario.Agent, await fixture.FarmAgentAsync()),
            TestContext.Current.CancellationToken);

        Assert.True(report.AgentExitCode == 0, $"agent exit {report.AgentExitCode}; {report.Describe()}");
        var pass = Assert.IsType<AgentPassRecord>(report.Pass);
        Assert.Equal("Loaded", pass.Outcome);
        Assert.Equal("Farm", pass.Source);
        Assert.False(pass.FarmBuilt, "the farm should have answered from its store: " + pass.Message);
        Assert.Equal(first.Report.Pass?.ArtifactDigest, pass.ArtifactDigest);
        Assert.Equal(before, farm.CompilationsLogged());
        AssertLoaded(report);
    }

    [Fact]
    public async Task Arm64Guest_WithNoArtifactAnywhere_GetsACrossBuiltModuleAndLoadsIt()
    {
        fixture.Require(EndToEndFixture.Arm64);
        var (abi, _) = await fixture.AbisAsync(EndToEndFixture.Arm64);
        var kernel = await fixture.KernelAsync(EndToEndFixture.Arm64, abi);

        var report = await fixture.BootAsync(
            new GuestRequest("arm64-first-boot", kernel, GuestScenario.Agent, await fixture.FarmAgentAsync()),
            TestContext.Current.CancellationToken);

        Assert.StartsWith(kernel.Release + " ", report.Boot, StringComparison.Ordinal);
        Assert.True(report.AgentExitCode == 0, $"agent exit {report.AgentExitCode}; {report.Describe()}");
        var pass = Assert.IsType<AgentPassRecord>(report.Pass);
        Assert.Equal("Loaded", pass.Outcome);
        Assert.True(pass.FarmBuilt, "the farm should have cross-compiled the module for this request: " + pass.Message);
        AssertLoaded(report);
    }

    internal static void AssertLoaded(GuestReport report)
    {
        Assert.True(report.ModuleLine?.StartsWith("kagent_sample ", StringComparison.Ordinal) == true, "not in /proc/modules; " + report.Describe());
        Assert.True(report.GreetingLine?.Contains("kagent_sample: loaded, version=1.0.0 greeting=hello", StringComparison.Ordinal) == true,
            "no greeting in the kernel log; " + report.Describe());
    }
}
