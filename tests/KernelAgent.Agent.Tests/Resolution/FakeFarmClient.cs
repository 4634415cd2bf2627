using KernelAgent.Agent.Resolution;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>A build farm that runs a scripted build: the test decides what it publishes and what it answers.</summary>
internal sealed class FakeFarmClient(Func<ArtifactVariant, Action<BuildEvent>, Task<FarmBuildResult>>? build = null) : IFarmClient
{
    private readonly bool _configured = build is not null;

    /// <summary>A configured farm that takes demand reports (and refuses builds).</summary>
    public FakeFarmClient(Func<DemandReport, int> report)
        : this(build: null)
    {
        _configured = true;
        Report = report;
    }

    public bool IsConfigured => _configured;

    /// <summary>Answers a demand report; throw <see cref="DemandReportException"/> to refuse it.</summary>
    public Func<DemandReport, int>? Report { get; set; }

    public List<DemandReport> Reports { get; } = [];

    public List<(ArtifactVariant Variant, string RequestedBy)> Requests { get; } = [];

    public Task<FarmBuildResult> BuildAsync(ArtifactVariant variant, string requestedBy, Action<BuildEvent> progress, CancellationToken cancellationToken)
    {
        Requests.Add((variant, requestedBy));
        return build is null
            ? throw new InvalidOperationException("no farm is configured; the resolver must not ask it")
            : build(variant, progress);
    }

    public Task<int> ReportDemandAsync(string hostId, IReadOnlyList<KernelIdentity> installed, IReadOnlyList<KernelIdentity> missed, CancellationToken cancellationToken)
    {
        var report = new DemandReport(hostId, installed, missed);
        Reports.Add(report);
        return Task.FromResult(Report is null ? throw new DemandReportException("no build farm is configured") : Report(report));
    }
}

/// <summary>One ReportDemand call as the fake farm received it.</summary>
internal sealed record DemandReport(string HostId, IReadOnlyList<KernelIdentity> Installed, IReadOnlyList<KernelIdentity> Missed);
