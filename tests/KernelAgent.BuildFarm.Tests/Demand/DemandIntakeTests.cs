using Google.Rpc;
using Grpc.Core;
using KernelAgent.BuildFarm.Demand;
using KernelAgent.BuildFarm.Tests.Matrix;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KernelAgent.BuildFarm.Tests.Demand;

/// <summary>
/// ReportDemand is bounded: a caller's rate, a report's size and kernel count, the demand held between flushes and
/// written per day. Each limit is RESOURCE_EXHAUSTED with a RetryInfo, before anything is recorded; demand is kept
/// outside the published v1/ layout.
/// </summary>
public sealed class DemandIntakeTests : IDisposable
{
    private readonly TestStore _store = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => _store.Dispose();

    [Fact]
    public void Report_BurstBeyondTheCallersRate_IsResourceExhaustedWithRetryInfoUntilATokenIsBack()
    {
        var intake = Intake(new DemandOptions { ReportsPerMinute = 60, ReportBurst = 5 });

        for (var i = 0; i < 5; i++)
        {
            intake.Report(Request($"host-{i}", 1), "address:10.0.0.1");
        }

        var refused = Assert.Throws<RpcException>(() => intake.Report(Request("host-5", 1), "address:10.0.0.1"));
        var other = intake.Report(Request("host-6", 1), "address:10.0.0.2");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var later = intake.Report(Request("host-5", 1), "address:10.0.0.1");

        AssertExhausted(refused, TimeSpan.FromSeconds(1), "too many demand reports from address:10.0.0.1");
        Assert.Equal(1, other.RecordedKernels);
        Assert.Equal(1, later.RecordedKernels);
    }

    [Fact]
    public void Report_TenThousandCallsOfOneCaller_RecordsOnlyTheBurst()
    {
        var intake = Intake(new DemandOptions());
        var accepted = 0;

        for (var i = 0; i < 10_000; i++)
        {
            try
            {
                intake.Report(Request($"fake-{i}", 128), "address:10.0.0.9");
                accepted++;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
            }
        }

        Assert.Equal(new DemandOptions().ReportBurst, accepted);
    }

    [Fact]
    public void Report_MoreKernelsThanTheLimit_IsResourceExhaustedNamingTheLimit()
    {
        var intake = Intake(new DemandOptions { MaxKernelsPerReport = 3 });

        var error = Assert.Throws<RpcException>(() => intake.Report(Request("host", 4), "address:10.0.0.1"));

        AssertExhausted(error, new DemandOptions().FlushInterval, "names 4 kernels; at most 3");
    }

    [Fact]
    public void Report_LargerThanTheSizeLimit_IsResourceExhaustedNamingTheLimit()
    {
        var intake = Intake(new DemandOptions { MaxRequestBytes = 256 });

        var error = Assert.Throws<RpcException>(() => intake.Report(Request("host", 3), "address:10.0.0.1"));

        AssertExhausted(error, new DemandOptions().FlushInterval, "at most 256 are accepted");
    }

    [Fact]
    public async Task Report_PendingDemandFull_IsRefusedUntilTheNextFlush()
    {
        var (intake, recorder) = IntakeAndRecorder(new DemandOptions { MaxPendingHostEntries = 10, ReportBurst = 100 });
        intake.Report(Request("host-a", 6), "address:10.0.0.1");

        var error = Assert.Throws<RpcException>(() => intake.Report(Request("host-b", 6), "address:10.0.0.1"));
        await recorder.FlushAsync(CancellationToken.None);
        var afterFlush = intake.Report(Request("host-b", 6), "address:10.0.0.1");

        AssertExhausted(error, new DemandOptions().FlushInterval, "MaxPendingHostEntries");
        Assert.Equal(6, afterFlush.RecordedKernels);
    }

    [Fact]
    public async Task Flush_DaysBytesUsed_DropsTheFlushAndRefusesReportsUntilTheNextDay()
    {
        var (intake, recorder) = IntakeAndRecorder(new DemandOptions { MaxBytesPerDay = 2048, ReportBurst = 100 });
        intake.Report(Request("host-a", 2), "address:10.0.0.1");
        await recorder.FlushAsync(CancellationToken.None);
        intake.Report(Request("host-b", 20), "address:10.0.0.1");
        await recorder.FlushAsync(CancellationToken.None);

        var error = Assert.Throws<RpcException>(() => intake.Report(Request("host-c", 1), "address:10.0.0.1"));
        _clock.Advance(TimeSpan.FromDays(1));
        intake.Report(Request("host-c", 1), "address:10.0.0.1");

        AssertExhausted(error, TimeSpan.FromHours(14), "MaxBytesPerDay");
        Assert.Single(await _store.KeysAsync("private/demand/"));
    }

    [Fact]
    public async Task Flush_Demand_IsWrittenOutsideThePublishedLayoutAndOldV1DaysAreStillRead()
    {
        var (intake, recorder) = IntakeAndRecorder(new DemandOptions());
        intake.Report(Request("host-a", 1), "address:10.0.0.1");
        await recorder.FlushAsync(CancellationToken.None);
        var legacy = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new DemandDocument(DemandDocument.CurrentFormat, _clock.GetUtcNow(), [new("debian", "12", "x86_64", "6.1.0-7-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.20-1 (2023-03-19)", ["aaaa"], _clock.GetUtcNow(), true)]),
            DemandJsonContext.Default.DemandDocument);
        await _store.Store.WriteAsync(DemandKeys.LegacyDay(_clock.GetUtcNow()) + "old.json", legacy, KernelAgent.Store.Backends.WriteMode.CreateNew, CancellationToken.None);

        var demand = await new DemandReader(_store.Store, _clock).ReadAsync(1, CancellationToken.None);

        Assert.Single(await _store.KeysAsync("private/demand/"));
        Assert.Equal(["6.1.0-0-amd64", "6.1.0-7-amd64"], demand.Select(d => d.Kernel.KernelRelease).Order(StringComparer.Ordinal));
    }

    private static void AssertExhausted(RpcException error, TimeSpan retryAfter, string message)
    {
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains(message, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(retryAfter, error.GetRpcStatus()!.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan());
    }

    private static ReportDemandRequest Request(string host, int kernels)
    {
        var request = new ReportDemandRequest { HostId = host };
        request.MissedKernels.AddRange(Enumerable.Range(0, kernels).Select(i => ProtocolMapping.ToProto(
            new KernelIdentity("debian", "12", "x86_64", $"6.1.0-{i}-amd64", $"#1 SMP PREEMPT_DYNAMIC Debian 6.1.{i}-1 (2026-11-16)"))));
        return request;
    }

    private DemandIntake Intake(DemandOptions options) => IntakeAndRecorder(options).Intake;

    private (DemandIntake Intake, DemandRecorder Recorder) IntakeAndRecorder(DemandOptions options)
    {
        var recorder = new DemandRecorder(_store.Store, Options.Create(options), _clock, NullLogger<DemandRecorder>.Instance);
        return (new DemandIntake(recorder, Options.Create(options), _clock), recorder);
    }
}
