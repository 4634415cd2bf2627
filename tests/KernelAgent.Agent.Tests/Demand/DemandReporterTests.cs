using KernelAgent.Agent.Demand;
using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Logging;
using KernelAgent.Agent.Resolution;
using KernelAgent.Agent.Service;
using KernelAgent.Agent.Tests.Identity;
using KernelAgent.Agent.Tests.Resolution;
using KernelAgent.Agent.Tests.Service;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KernelAgent.Agent.Tests.Demand;

/// <summary>The reporter over a host root the test writes, a fake farm and a fake clock.</summary>
public sealed class DemandReporterTests : IDisposable
{
    private const string MachineId = "4c1d6b0f6a0e4a8f9d2b3c5e7f901234";
    private const string NextBuild = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)";
    private static readonly KernelIdentity Running = new("debian", "12", "x86_64", "6.1.0-54-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.188-1 (2026-10-01)");
    private static readonly KernelIdentity Next = Running with { KernelRelease = "6.1.0-56-amd64", KernelVersion = NextBuild };

    private readonly FixtureHost _host = FixtureHost.Empty();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger<DemandReporter> _log = new();
    private readonly DemandLedger _ledger = new();
    private readonly AgentOptions _options = new() { DriverName = "kagent_sample", DriverVersion = "1.0.0" };
    private readonly FakeFarmClient _farm = new(report => report.Installed.Count + report.Missed.Count);

    public DemandReporterTests()
    {
        _options.StateDirectory = _host.FullPath("state");
        _host.Write("etc/machine-id", MachineId + "\n");
        InstallKernel(Next.KernelRelease, NextBuild);
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task ReportAsync_InstalledKernelAndMiss_SendsBothUnderTheHashedHostId()
    {
        _ledger.Missed(ArtifactVariant.Create(Running, new DriverIdentity("kagent_sample", "1.0.0")));

        var outcome = await Reporter().ReportAsync(CancellationToken.None);

        Assert.Equal(DemandReportOutcome.Sent, outcome);
        var report = Assert.Single(_farm.Reports);
        Assert.Equal(DemandHostId.FromMachineId(MachineId), report.HostId);
        Assert.Equal([Next], report.Installed);
        Assert.Equal([Running], report.Missed);
        Assert.Contains("told the build farm of 1 installed and 1 missed kernels (6.1.0-56-amd64 6.1.0-54-amd64); it recorded 2",
            Assert.Single(_log.Events, e => e.Id.Id == AgentEventIds.DemandReported).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportAsync_KernelWithoutBuildString_IsLeftOut()
    {
        _host.Write("lib/modules/6.1.0-57-amd64/modules.dep", "");

        await Reporter().ReportAsync(CancellationToken.None);

        Assert.Equal([Next.KernelRelease], Assert.Single(_farm.Reports).Installed.Select(k => k.KernelRelease));
    }

    [Fact]
    public async Task ReportAsync_SameKernelsWithinTheInterval_IsRateLimitedUntilTheIntervalHasPassed()
    {
        await Reporter().ReportAsync(CancellationToken.None);
        _time.Advance(_options.Farm.DemandReportInterval - TimeSpan.FromSeconds(1));

        // A new reporter, as the next 'once' run: the limit holds across processes through the state folder.
        var early = await Reporter().ReportAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var due = await Reporter().ReportAsync(CancellationToken.None);

        Assert.Equal((DemandReportOutcome.RateLimited, DemandReportOutcome.Sent), (early, due));
        Assert.Equal(2, _farm.Reports.Count);
    }

    [Fact]
    public async Task ReportAsync_KernelsChangedWithinTheInterval_SendsAtOnce()
    {
        var reporter = Reporter();
        await reporter.ReportAsync(CancellationToken.None);
        InstallKernel("6.1.0-57-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.194-1 (2026-11-30)");
        _time.Advance(TimeSpan.FromMinutes(1));

        var outcome = await reporter.ReportAsync(CancellationToken.None);

        Assert.Equal(DemandReportOutcome.Sent, outcome);
        Assert.Equal(["6.1.0-56-amd64", "6.1.0-57-amd64"], _farm.Reports[1].Installed.Select(k => k.KernelRelease));
    }

    [Fact]
    public async Task ReportAsync_FarmRefuses_ReturnsFailedLogsWhyAndTriesAgainNextTime()
    {
        _farm.Report = _ => throw new DemandReportException("the build farm at http://farm:50051 did not answer the demand report within 00:00:30");
        var reporter = Reporter();

        var failed = await reporter.ReportAsync(CancellationToken.None);
        _farm.Report = _ => 1;
        var retried = await reporter.ReportAsync(CancellationToken.None);

        Assert.Equal((DemandReportOutcome.Failed, DemandReportOutcome.Sent), (failed, retried));
        Assert.Equal("demand report not sent: the build farm at http://farm:50051 did not answer the demand report within 00:00:30",
            Assert.Single(_log.Events, e => e.Id.Id == AgentEventIds.DemandReportFailed).Message);
    }

    [Fact]
    public async Task ReportAsync_NoMachineId_LogsOnceAndSendsNothing()
    {
        _host.Delete("etc/machine-id");
        var reporter = Reporter();

        var outcomes = new[] { await reporter.ReportAsync(CancellationToken.None), await reporter.ReportAsync(CancellationToken.None) };

        Assert.Equal([DemandReportOutcome.NoHostId, DemandReportOutcome.NoHostId], outcomes);
        Assert.Empty(_farm.Reports);
        Assert.Single(_log.Events, e => e.Id.Id == AgentEventIds.DemandNoHostId);
    }

    [Fact]
    public async Task ReportAsync_ReportingOffOrNoFarm_SendsNothing()
    {
        _options.Farm.ReportDemand = false;
        var off = await Reporter().ReportAsync(CancellationToken.None);
        _options.Farm.ReportDemand = true;
        var noFarm = await Reporter(new FakeFarmClient()).ReportAsync(CancellationToken.None);

        Assert.Equal((DemandReportOutcome.Disabled, DemandReportOutcome.Disabled), (off, noFarm));
        Assert.Empty(_farm.Reports);
    }

    [Fact]
    public async Task ReportAsync_NothingInstalledAndNoMiss_SendsNothing()
    {
        Directory.Delete(_host.FullPath("lib/modules"), recursive: true);

        Assert.Equal(DemandReportOutcome.NothingToReport, await Reporter().ReportAsync(CancellationToken.None));
        Assert.Empty(_farm.Reports);
    }

    private DemandReporter Reporter(IFarmClient? farm = null)
    {
        var options = Options.Create(_options);
        return new DemandReporter(
            new FakeIdentityProbe(Running), new InstalledKernelScanner(_host.Root), farm ?? _farm, _ledger, new DemandReportRecord(options), _host.Root, options, _time, _log);
    }

    private void InstallKernel(string release, string buildString)
    {
        _host.Write($"lib/modules/{release}/modules.dep", "");
        _host.Write($"lib/modules/{release}/build/include/generated/utsversion.h", $"#define UTS_VERSION \"{buildString}\"\n");
    }
}
