using System.Diagnostics;
using KernelAgent.EndToEnd.Tests.Farm;
using KernelAgent.EndToEnd.Tests.Guest;

namespace KernelAgent.EndToEnd.Tests.Scenarios;

/// <summary>
/// Real drivers as Debian ships them: jool-dkms (three modules, two of them needing the third) and
/// v4l2loopback-dkms, registered with the farm from their .debs, built by it on the guest's request, and loaded
/// by the agent in one boot, each after the kernel's own modules it needs (which the guest carries but nothing
/// else loads). jool compiles for minutes: one boot serves both drivers.
/// </summary>
[Collection(EndToEndSuite.Name)]
[Trait("Category", "Integration")]
public sealed class RealDriverTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    /// <summary>What jool (x_tables, nf_defrag_ipv4/ipv6) and v4l2loopback (videodev, which needs mc) need of the kernel.</summary>
    private const string KernelModules = "x_tables,nf_defrag_ipv4,nf_defrag_ipv6,videodev";

    [Fact]
    public async Task Amd64Guest_JoolAndV4l2loopbackDebs_FarmBuildsAndAgentLoadsEveryModuleAfterWhatItNeeds()
    {
        fixture.Require();
        var started = Stopwatch.GetTimestamp();
        var cancellationToken = TestContext.Current.CancellationToken;
        var farm = await fixture.FarmAsync();
        var jool = await FarmDriverRegistration.RegisterAsync(fixture.Repository, farm, await fixture.DebianPackageAsync("jool-dkms"), cancellationToken);
        var v4l2loopback = await FarmDriverRegistration.RegisterAsync(fixture.Repository, farm, await fixture.DebianPackageAsync("v4l2loopback-dkms"), cancellationToken);
        var (abi, _) = await fixture.AbisAsync(EndToEndFixture.Amd64);
        var kernel = await fixture.KernelAsync(EndToEndFixture.Amd64, abi, KernelModules);
        var prepared = Stopwatch.GetElapsedTime(started);

        var report = await fixture.BootAsync(
            new GuestRequest("amd64-real-drivers", kernel, GuestScenario.Agent, await fixture.FarmAgentAsync())
            {
                Drivers = [v4l2loopback, jool],
                KernelArguments = ["kae2e.agent-args=--build-deadline,00:25:00"],
                Timeout = TimeSpan.FromMinutes(30),
            },
            cancellationToken);
        output.WriteLine($"real drivers: {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s in all, " +
            $"{prepared.TotalSeconds:F0} s of it registering and preparing the kernel, the rest the guest waiting for the farm's builds and loading");

        Assert.True(report.Finished, report.Describe());
        foreach (var (name, _) in new[] { jool, v4l2loopback })
        {
            Assert.True(report.DriverAgentExitCode(name) == 0, $"{name}: agent exit {report.DriverAgentExitCode(name)}; {report.Describe(120)}");
            Assert.True(report.DriverStatusExitCode(name) == 0, $"{name}: status exit {report.DriverStatusExitCode(name)}; {report.Describe(120)}");
        }

        // /proc/modules lists the last module loaded first.
        var loadOrder = report.Modules.Select(l => l.Split(' ')[0]).Reverse().ToList();
        var modules = $"/proc/modules: {string.Join(", ", report.Modules)}";
        foreach (var (module, after) in new (string, string[])[]
        {
            ("jool_common", ["x_tables", "nf_defrag_ipv4", "nf_defrag_ipv6"]),
            ("jool", ["jool_common"]),
            ("jool_siit", ["jool_common"]),
            ("videodev", ["mc"]),
            ("v4l2loopback", ["videodev"]),
        })
        {
            var at = loadOrder.IndexOf(module);
            Assert.True(at >= 0, $"{module} is not loaded; {modules}");
            foreach (var first in after)
            {
                var before = loadOrder.IndexOf(first);
                Assert.True(before >= 0 && before < at, $"{first} should be loaded before {module}; {modules}");
            }
        }

        // `kernel-agent status` names each module of a driver that has several.
        foreach (var module in new[] { "jool_common", "jool", "jool_siit" })
        {
            Assert.Contains($"loaded      {module}: yes (Live", report.Console, StringComparison.Ordinal);
        }

        var users = report.Modules.Single(l => l.StartsWith("jool_common ", StringComparison.Ordinal)).Split(' ')[3];
        Assert.Equal(["jool", "jool_siit"], users.TrimEnd(',').Split(',').Order(StringComparer.Ordinal));
    }
}
