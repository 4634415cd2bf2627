using KernelAgent.EndToEnd.Tests.Guest;

namespace KernelAgent.EndToEnd.Tests.Scenarios;

/// <summary>
/// A kernel that enforces module signatures refuses the farm's module (signed for the agent, not for the
/// kernel's keyring): the agent reports that as its own definite failure, with the reason and what to do.
/// </summary>
[Collection(EndToEndSuite.Name)]
[Trait("Category", "Integration")]
public sealed class SignatureEnforcementTests(EndToEndFixture fixture)
{
    /// <summary>kernel-agent once: the kernel refused to load the verified module.</summary>
    private const int KernelRefusedExitCode = 8;

    [Fact]
    public async Task KernelBootedWithSigEnforce_RefusesTheVerifiedModule_AgentSaysTheKernelRefusedTheSignature()
    {
        fixture.Require();
        var first = await fixture.FirstAmd64BootAsync();

        var report = await fixture.BootAsync(
            new GuestRequest("amd64-sig-enforce", first.Kernel, GuestScenario.Agent, await fixture.FarmAgentAsync())
            {
                KernelArguments = ["module.sig_enforce=1"],
            },
            TestContext.Current.CancellationToken);

        Assert.Contains("module.sig_enforce=1", report.Marker("cmdline"), StringComparison.Ordinal);
        var pass = AgentPassAssertions.NotLoaded(report, KernelRefusedExitCode, "LoadFailed", "kernel refused the module signature");
        Assert.Equal(1, report.StatusExitCode);
        Assert.Contains("last pass", report.Console, StringComparison.Ordinal);
        Assert.Contains("load-failed: " + pass.Message, report.Console, StringComparison.Ordinal);
    }
}
