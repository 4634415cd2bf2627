using KernelAgent.EndToEnd.Tests.Guest;

namespace KernelAgent.EndToEnd.Tests.Scenarios;

/// <summary>
/// A downloaded module must survive a reboot: the agent installs it under lib/modules/&lt;release&gt;/updates/dkms on the
/// guest's persistent disk and runs depmod, so the next boot loads it with a plain modprobe, before any agent runs.
/// </summary>
[Collection(EndToEndSuite.Name)]
[Trait("Category", "Integration")]
public sealed class SecondBootTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task RebootWithOnlyModprobe_LoadsTheModuleTheAgentInstalled()
    {
        fixture.Require();
        var first = await fixture.FirstAmd64BootAsync();
        Assert.True(first.Report.DiskMounted, "the first boot did not mount its disk; " + first.Report.Describe());
        Assert.Equal($"/lib/modules/{first.Kernel.Release}/updates/dkms/kagent_sample.ko", first.Report.Pass?.ModulePath);

        var report = await fixture.BootAsync(
            new GuestRequest("amd64-second-boot", first.Kernel, GuestScenario.Modprobe, await fixture.FarmAgentAsync()) { Disk = first.Disk },
            TestContext.Current.CancellationToken);

        Assert.True(report.DiskMounted, report.Describe());
        Assert.Null(report.AgentExitCode);
        Assert.True(report.ModprobeExitCode == 0, $"modprobe exit {report.ModprobeExitCode}; {report.Describe()}");
        BuildOnDemandTests.AssertLoaded(report);
    }
}
