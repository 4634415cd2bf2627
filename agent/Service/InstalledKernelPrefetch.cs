using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Logging;
using KernelAgent.Agent.Resolution;
using KernelAgent.Agent.Verification;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Service;

/// <summary>
/// Kernels installed but not running yet (an upgrade waiting for a reboot): resolve, verify and install
/// their module now, so the first boot into them finds it with modprobe even if the network is down.
/// Only kernels whose exact build string can be read (from their headers) are prefetched: without it
/// the variant would be a guess, and the agent does not guess.
/// </summary>
internal sealed partial class InstalledKernelPrefetch(
    IInstalledKernelScanner scanner,
    IHostArtifactResolver resolver,
    IModuleInstaller installer,
    InstalledArtifacts installed,
    IOptions<AgentOptions> options,
    ILogger<InstalledKernelPrefetch> logger,
    PassHeartbeat? heartbeat = null)
{
    public async Task<int> RunAsync(KernelIdentity running, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var prefetched = 0;
        foreach (var kernel in scanner.Scan(running.KernelRelease))
        {
            if (kernel.BuildString is null || !kernel.HasModules)
            {
                LogSkipped(kernel.Release, kernel.BuildString is null ? "its build string is unknown (no headers installed)" : "it has no lib/modules folder");
                continue;
            }

            heartbeat?.Beat($"prefetching {o.DriverName} for the installed kernel {kernel.Release}", PassTimes.Resolve(o) + PassTimes.Install);
            try
            {
                var identity = running with { KernelRelease = kernel.Release, KernelVersion = kernel.BuildString };
                var variant = ArtifactVariant.Create(identity, new DriverIdentity(o.DriverName, o.DriverVersion));
                var resolved = await resolver.ResolveAsync(variant, cancellationToken);
                VerifiedModuleSet.Check(resolved.Artifact, identity);
                await installer.InstallSetAsync(VerifiedModuleSet.InstallRequests(resolved.Artifact, kernel.Release), cancellationToken);
                installed.Record(resolved.Artifact);
                prefetched++;
                LogPrefetched(kernel.Release, resolved.Artifact.Attestation.ModuleSha256);
            }
            catch (Exception e) when (e is ResolutionException or ModuleIdentityMismatchException or ModuleInstallException or VariantValidationException)
            {
                LogFailed(kernel.Release, e.Message);
            }
        }

        return prefetched;
    }

    [LoggerMessage(EventId = AgentEventIds.PrefetchFinished, Level = LogLevel.Information, Message = "installed kernel {KernelRelease}: module prefetched and installed (sha256 {ArtifactDigest})")]
    private partial void LogPrefetched(string kernelRelease, string artifactDigest);

    [LoggerMessage(EventId = AgentEventIds.PrefetchSkipped, Level = LogLevel.Information, Message = "installed kernel {KernelRelease} not prefetched: {Detail}")]
    private partial void LogSkipped(string kernelRelease, string detail);

    [LoggerMessage(EventId = AgentEventIds.PrefetchFailed, Level = LogLevel.Warning, Message = "installed kernel {KernelRelease}: prefetch failed: {Detail}")]
    private partial void LogFailed(string kernelRelease, string detail);
}
