using System.Security.Cryptography;
using System.Text;
using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Logging;
using KernelAgent.Agent.Resolution;
using KernelAgent.Agent.Service;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Demand;

/// <summary>
/// Tells the farm (ReportDemand) which kernels this host will boot next and which it missed, so the farm's hot set
/// prebuilds them even outside its policy's release window. Best effort: nothing here fails a pass, every problem is
/// logged and the next pass tries again. At most one report per <see cref="FarmClientOptions.DemandReportInterval"/>,
/// unless the kernels to report changed since the last report the farm took.
/// </summary>
internal sealed partial class DemandReporter(
    IKernelIdentityProbe identity,
    IInstalledKernelScanner scanner,
    IFarmClient farm,
    DemandLedger ledger,
    DemandReportRecord record,
    HostRoot root,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<DemandReporter> logger)
{
    /// <summary>The farm accepts at most this many kernels per list (DemandRequestValidator).</summary>
    public const int MaxKernelsPerList = 64;

    private bool _hostIdProblemLogged;

    public bool IsEnabled => farm.IsConfigured && options.Value.Farm.ReportDemand;

    /// <summary>Reports now unless disabled, rate-limited or empty. Throws only when cancelled.</summary>
    public async Task<DemandReportOutcome> ReportAsync(CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            return DemandReportOutcome.Disabled;
        }

        var hostId = DemandHostId.Read(root, out var problem);
        if (hostId is null)
        {
            if (!_hostIdProblemLogged)
            {
                _hostIdProblemLogged = true;
                LogNoHostId(problem);
            }

            return DemandReportOutcome.NoHostId;
        }

        KernelIdentity running;
        try
        {
            running = identity.Probe().Kernel;
        }
        catch (IdentityException e)
        {
            LogFailed(e.Message);
            return DemandReportOutcome.NoHostId;
        }

        var missed = ledger.Pending().Take(MaxKernelsPerList).ToList();
        var installed = Installed(running).Where(k => !missed.Contains(k)).Take(MaxKernelsPerList).ToList();
        if (installed.Count == 0 && missed.Count == 0)
        {
            return DemandReportOutcome.NothingToReport;
        }

        var digest = Digest(hostId, installed, missed);
        var now = time.GetUtcNow();
        if (record.Read() is { } last && last.Digest == digest && now - last.SentAt < options.Value.Farm.DemandReportInterval && now >= last.SentAt)
        {
            return DemandReportOutcome.RateLimited;
        }

        int recorded;
        try
        {
            recorded = await farm.ReportDemandAsync(hostId, installed, missed, cancellationToken);
        }
        catch (DemandReportException e)
        {
            LogFailed(e.Message);
            return DemandReportOutcome.Failed;
        }

        try
        {
            record.Write(digest, now);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without the record the next pass reports again: more traffic, never less demand.
            LogRecordFailed(record.Path, e.Message);
        }

        LogSent(installed.Count, missed.Count, recorded, string.Join(' ', installed.Concat(missed).Select(k => k.KernelRelease).Distinct()));
        return DemandReportOutcome.Sent;
    }

    /// <summary>
    /// Installed kernels whose exact build string their headers state; the others would be guesses, which the farm
    /// could only plan under a wrong key. Same distribution and machine as the running kernel: they are its packages.
    /// </summary>
    private IEnumerable<KernelIdentity> Installed(KernelIdentity running) =>
        scanner.Scan(running.KernelRelease)
            .Where(k => k.BuildString is not null)
            .Select(k => running with { KernelRelease = k.Release, KernelVersion = k.BuildString! })
            .Where(k => ArtifactVariant.ValidateKernel(k).Count == 0);

    private static string Digest(string hostId, IEnumerable<KernelIdentity> installed, IEnumerable<KernelIdentity> missed)
    {
        static string Line(string list, KernelIdentity k) =>
            string.Join('\t', list, k.DistroId, k.DistroVersionId, k.Arch, k.KernelRelease, k.KernelVersion);

        var lines = installed.Select(k => Line("installed", k)).Concat(missed.Select(k => Line("missed", k))).Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hostId + "\n" + string.Join('\n', lines))));
    }

    [LoggerMessage(EventId = AgentEventIds.DemandReported, Level = LogLevel.Information,
        Message = "told the build farm of {InstalledCount} installed and {MissedCount} missed kernels ({KernelReleases}); it recorded {RecordedCount}")]
    private partial void LogSent(int installedCount, int missedCount, int recordedCount, string kernelReleases);

    [LoggerMessage(EventId = AgentEventIds.DemandReportFailed, Level = LogLevel.Warning, Message = "demand report not sent: {Detail}")]
    private partial void LogFailed(string detail);

    [LoggerMessage(EventId = AgentEventIds.DemandNoHostId, Level = LogLevel.Warning, Message = "demand is not reported: no host id: {Detail}")]
    private partial void LogNoHostId(string detail);

    [LoggerMessage(EventId = AgentEventIds.DemandRecordFailed, Level = LogLevel.Warning, Message = "cannot write {RecordPath}; the next pass reports again: {Detail}")]
    private partial void LogRecordFailed(string recordPath, string detail);
}
