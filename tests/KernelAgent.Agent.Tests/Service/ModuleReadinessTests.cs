using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Service;
using KernelAgent.Agent.Tests.Loading;
using KernelAgent.Agent.Tests.Resolution;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>What <c>kernel-agent wait</c> waits for: the agent's pass record for this exact kernel and the kernel's own view.</summary>
public sealed class ModuleReadinessTests : IDisposable
{
    private readonly AgentSandbox _sandbox = new();
    private readonly FakeTimeProvider _time = new(ServiceHarness.Epoch);
    private readonly FakeModuleLoader _loader = new();
    private readonly AgentOptions _options;
    private readonly PassRecordStore _records;

    public ModuleReadinessTests()
    {
        _options = new AgentOptions { DriverName = TestModules.DriverName, DriverVersion = TestModules.DriverVersion, StateDirectory = _sandbox.StateDirectory };
        _records = new PassRecordStore(Options.Create(_options));
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Check_NoPassRecorded_NotReadyAndExitOne()
    {
        _loader.PretendLoaded(TestModules.DriverName, TestModules.SrcVersion);

        var state = Readiness().Check();

        Assert.Equal((false, ModuleReadiness.NotReadyExitCode), (state.Ready, state.ExitCode));
        Assert.StartsWith("the agent has not finished a pass yet", state.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LastPassUnreachableForThisKernel_NotReadyWithThePassExitCodeAndReason()
    {
        Record(PassOutcome.Unreachable, "the build farm at http://farm:50051 stayed unavailable until the deadline (00:30:00)");

        var state = Readiness().Check();

        Assert.Equal((false, 7), (state.Ready, state.ExitCode));
        Assert.Equal("the agent's last pass: unreachable: the build farm at http://farm:50051 stayed unavailable until the deadline (00:30:00)", state.Reason);
    }

    [Fact]
    public void Check_LoadedRecordedButNotInTheKernel_NotReady()
    {
        // After a reboot into the same kernel: the record is the last boot's, the kernel has nothing loaded yet.
        Record(PassOutcome.Loaded);

        var state = Readiness().Check();

        Assert.Equal((false, ModuleReadiness.NotReadyExitCode), (state.Ready, state.ExitCode));
        Assert.StartsWith($"{TestModules.DriverName} is not loaded in the running kernel", state.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LoadedRecordedForAnotherBuildOfTheKernel_NotReadyEvenWithTheDriverLive()
    {
        Record(PassOutcome.Loaded, kernel: _sandbox.Kernel with { KernelVersion = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.190-1 (2026-10-01)" });
        _loader.PretendLoaded(TestModules.DriverName, TestModules.SrcVersion);

        var state = Readiness().Check();

        Assert.False(state.Ready);
        Assert.Contains($"not the running {_sandbox.Kernel.KernelRelease}", state.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LoadedRecordedAndLive_Ready()
    {
        Record(PassOutcome.Loaded, "loaded kagent_sample (sha256 0123456789abcdef) from store");
        _loader.PretendLoaded(TestModules.DriverName, TestModules.SrcVersion);

        var state = Readiness().Check();

        Assert.Equal((true, 0), (state.Ready, state.ExitCode));
        Assert.Equal($"{TestModules.DriverName} is loaded for {_sandbox.Kernel.KernelRelease}: loaded: loaded kagent_sample (sha256 0123456789abcdef) from store", state.Reason);
    }

    [Fact]
    public void Check_IdentityUnreadable_NotReadyWithExitThree()
    {
        var state = Readiness(new FakeIdentityProbe(null)).Check();

        Assert.Equal((false, 3), (state.Ready, state.ExitCode));
        Assert.StartsWith("cannot read the kernel identity: ", state.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitAsync_ModuleLoadedAfterThreeSeconds_ReturnsReadyThen()
    {
        var wait = Readiness().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Advance(3);
        Assert.False(wait.IsCompleted);

        Record(PassOutcome.Loaded);
        _loader.PretendLoaded(TestModules.DriverName, TestModules.SrcVersion);
        Advance(1);
        var state = await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(state.Ready);
        Assert.Equal(TimeSpan.FromSeconds(4), _time.GetUtcNow() - ServiceHarness.Epoch);
    }

    [Fact]
    public async Task WaitAsync_NeverLoaded_ReturnsTheLastReasonAtTheTimeout()
    {
        Record(PassOutcome.Unreachable, "the farm is down");
        var wait = Readiness().WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Advance(4);
        Assert.False(wait.IsCompleted);

        Advance(1);
        var state = await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal((false, 7), (state.Ready, state.ExitCode));
        Assert.EndsWith("unreachable: the farm is down", state.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitAsync_TimeoutZero_LooksOnce()
    {
        var state = await Readiness().WaitAsync(TimeSpan.Zero, TestContext.Current.CancellationToken);

        Assert.False(state.Ready);
    }

    private void Advance(int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            Thread.Sleep(20);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Thread.Sleep(20);
    }

    private void Record(PassOutcome outcome, string message = "done", KernelIdentity? kernel = null)
    {
        kernel ??= _sandbox.Kernel;
        _records.Write(new PassResult(outcome, message, kernel.KernelRelease, kernel.KernelVersion));
    }

    private ModuleReadiness Readiness(IKernelIdentityProbe? probe = null) =>
        new(probe ?? new FakeIdentityProbe(_sandbox.Kernel), _loader, _records, Options.Create(_options), _time);
}
