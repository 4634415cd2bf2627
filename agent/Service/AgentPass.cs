using System.Diagnostics;
using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Logging;
using KernelAgent.Agent.Resolution;
using KernelAgent.Agent.Verification;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Service;

/// <summary>
/// One pass of the host path: identity, variant key, cache / stores / farm, verification (signature,
/// digest, variant, vermagic), install + depmod, load. Every outcome is a definite state; nothing that
/// failed a check is ever installed or loaded.
/// </summary>
internal sealed partial class AgentPass(
    IKernelIdentityProbe identity,
    IHostArtifactResolver resolver,
    IModuleInstaller installer,
    IModuleLoader loader,
    IOptions<AgentOptions> options,
    PassRecordStore records,
    AgentLeftovers leftovers,
    TimeProvider time,
    ILogger<AgentPass> logger,
    PassHeartbeat? heartbeat = null)
{
    public async Task<PassResult> RunAsync(bool load, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var o = options.Value;
        leftovers.Sweep();
        HostIdentity host;
        ArtifactVariant variant;
        heartbeat?.Beat("reading the kernel identity", PassTimes.Identity);
        try
        {
            host = identity.Probe();
            variant = ArtifactVariant.Create(host.Kernel, new DriverIdentity(o.DriverName, o.DriverVersion));
        }
        catch (Exception e) when (e is IdentityException or VariantValidationException)
        {
            LogIdentityFailed(e.Message);
            return Finish(new PassResult(PassOutcome.IdentityFailed, e.Message), started);
        }

        using var scope = logger.BeginVariantScope(host.Kernel.KernelRelease, host.Kernel.KernelVersion, variant.ContentKey, o.DriverName);
        ResolutionResult resolved;
        heartbeat?.Beat($"resolving {o.DriverName} {o.DriverVersion} for {host.Kernel.KernelRelease}", PassTimes.Resolve(o));
        try
        {
            resolved = await resolver.ResolveAsync(variant, cancellationToken);
        }
        catch (ResolutionException e)
        {
            var outcome = e.Outcome switch
            {
                ResolutionFailure.Refused => PassOutcome.Refused,
                ResolutionFailure.BuildFailed => PassOutcome.BuildFailed,
                ResolutionFailure.Unreachable => PassOutcome.Unreachable,
                _ => PassOutcome.NotFound,
            };
            return Finish(Base(outcome, e.Message, variant), started);
        }

        var resolveTime = Stopwatch.GetElapsedTime(started);
        var artifact = resolved.Artifact;
        var digest = artifact.Attestation.ModuleSha256;
        using var artifactScope = logger.BeginArtifactScope(digest, resolved.BuildId);
        Modinfo modinfo;
        try
        {
            modinfo = HostModuleCheck.Check(artifact.Module, artifact.ModuleKey, host.Kernel, o.DriverName);
        }
        catch (ModuleIdentityMismatchException e)
        {
            LogModuleRefused(e.Reason, e.Detail);
            resolver.Quarantine(variant, e.Reason);
            return Finish(Base(PassOutcome.Refused, e.Message, variant) with { ArtifactDigest = digest }, started);
        }

        LogVerified(artifact.Store.ToString(), KernelAgent.Store.Attestations.Keys.KeyIds.Abbreviate(artifact.Attestation.KeyId), digest);
        var result = Base(PassOutcome.Verified, "verified", variant) with
        {
            ArtifactDigest = digest,
            AttestationDigest = artifact.Attestation.EnvelopeSha256,
            Source = resolved.Source,
            BuildId = resolved.BuildId,
            FarmBuilt = resolved.FarmBuilt,
            ResolveTime = resolveTime,
        };

        var modulePath = Path.Join(o.CacheDirectory, variant.ContentKey, ArtifactCache.ModuleFileName);
        if (o.Install)
        {
            heartbeat?.Beat($"installing {o.DriverName} under lib/modules/{host.Kernel.KernelRelease}", PassTimes.Install);
            try
            {
                var installed = await installer.InstallAsync(
                    new ModuleInstallRequest(o.DriverName, host.Kernel.KernelRelease, artifact.Module, artifact.Attestation.EnvelopeSha256, variant.ContentKey),
                    cancellationToken);
                modulePath = installed.ModulePath;
            }
            catch (ModuleInstallException e)
            {
                return Finish(result with { Outcome = PassOutcome.InstallFailed, Message = $"install failed: {e.Message}" }, started);
            }
        }

        result = result with { ModulePath = modulePath };
        if (!load)
        {
            return Finish(result with { Message = $"verified {o.DriverName} from {resolved.Source.ToString().ToLowerInvariant()}, not loaded (loading is off)" }, started);
        }

        heartbeat?.Beat($"loading {o.DriverName}", PassTimes.Load);
        try
        {
            var loaded = await loader.LoadAsync(
                new ModuleLoadRequest(o.DriverName, modulePath)
                {
                    Parameters = ModuleParameters.Parse(o.ModuleParameters.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal)),
                    ExpectedSha256 = digest,
                    ExpectedSrcVersion = modinfo.SourceVersion,
                },
                cancellationToken);
            var message = loaded.Outcome == LoadOutcome.Loaded
                ? $"loaded {o.DriverName} (sha256 {digest[..16]}) from {resolved.Source.ToString().ToLowerInvariant()}"
                : AlreadyLoadedMessage(o.DriverName, loaded, modinfo.SourceVersion);
            return Finish(result with
            {
                Outcome = loaded.Outcome == LoadOutcome.Loaded ? PassOutcome.Loaded
                    : loaded.Ownership == ModuleOwnership.NotOurs ? PassOutcome.OtherBuildLoaded
                    : PassOutcome.AlreadyLoaded,
                Message = message,
            }, started);
        }
        catch (ModuleLoadException e)
        {
            return Finish(result with { Outcome = PassOutcome.LoadFailed, Message = e.Message }, started);
        }
    }

    private static string AlreadyLoadedMessage(string driver, LoadResult loaded, string? expectedSrcVersion) => loaded.Ownership switch
    {
        ModuleOwnership.Ours => $"{driver} was already loaded (ours: srcversion {expectedSrcVersion} matches the verified module)",
        ModuleOwnership.NotOurs => $"{driver} was already loaded, but not the verified build (srcversion {loaded.Module?.SrcVersion}, " +
                                   $"verified {expectedSrcVersion}): unload it to load the verified module",
        _ => $"{driver} was already loaded (cannot tell whether it is the verified build: no srcversion to compare)",
    };

    private static PassResult Base(PassOutcome outcome, string message, ArtifactVariant variant) =>
        new(outcome, message, variant.Kernel.KernelRelease, variant.Kernel.KernelVersion, variant.ContentKey);

    private PassResult Finish(PassResult result, long started)
    {
        result = result with { FinishedAt = time.GetUtcNow(), Duration = Stopwatch.GetElapsedTime(started) };
        records.Write(result);
        var word = PassOutcomes.Word(result.Outcome);
        if (PassOutcomes.IsSuccess(result.Outcome))
        {
            LogPassSucceeded(word, result.Message);
        }
        else
        {
            LogPassFailed(word, result.Message);
        }

        return result;
    }

    [LoggerMessage(EventId = AgentEventIds.IdentityInvalid, Level = LogLevel.Error, Message = "cannot read the host's kernel identity: {Detail}")]
    private partial void LogIdentityFailed(string detail);

    [LoggerMessage(EventId = AgentEventIds.ArtifactVerified, Level = LogLevel.Information, Message = "verified artifact from {Store}: signed by {KeyId}, module sha256 {ArtifactDigest}, variant and vermagic match")]
    private partial void LogVerified(string store, string keyId, string artifactDigest);

    [LoggerMessage(EventId = AgentEventIds.ModuleRefused, Level = LogLevel.Error, Message = "module refused before loading ({Reason}): {Detail}")]
    private partial void LogModuleRefused(string reason, string detail);

    [LoggerMessage(EventId = AgentEventIds.PassFinished, Level = LogLevel.Information, Message = "pass finished: {Outcome}: {Detail}")]
    private partial void LogPassSucceeded(string outcome, string detail);

    [LoggerMessage(EventId = AgentEventIds.PassFailed, Level = LogLevel.Error, Message = "pass finished: {Outcome}: {Detail}")]
    private partial void LogPassFailed(string outcome, string detail);
}
