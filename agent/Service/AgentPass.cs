using System.Diagnostics;
using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Logging;
using KernelAgent.Agent.Resolution;
using KernelAgent.Agent.Verification;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Modules;
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
    InstalledArtifacts installedCopies,
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
        var names = string.Join(", ", artifact.Modules.Select(m => m.Module.ModuleName));
        using var artifactScope = logger.BeginArtifactScope(digest, resolved.BuildId);
        IReadOnlyList<Modinfo> modinfos;
        try
        {
            modinfos = VerifiedModuleSet.Check(artifact, host.Kernel);
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

        // Without installing, the verified copies in the cache are what loads.
        var modulePaths = artifact.Modules.Select(m => Path.Join(o.CacheDirectory, variant.ContentKey, m.Module.FileName)).ToList();
        if (o.Install)
        {
            heartbeat?.Beat($"installing {o.DriverName} under lib/modules/{host.Kernel.KernelRelease}", PassTimes.Install);
            try
            {
                var installedModules = await installer.InstallSetAsync(VerifiedModuleSet.InstallRequests(artifact, host.Kernel.KernelRelease), cancellationToken);
                modulePaths = [.. installedModules.Select(i => i.ModulePath)];
                installedCopies.Record(artifact);
            }
            catch (ModuleInstallException e)
            {
                return Finish(result with { Outcome = PassOutcome.InstallFailed, Message = $"install failed: {e.Message}" }, started);
            }
        }

        result = result with { ModulePath = modulePaths[0], ModulePaths = modulePaths };
        if (!load)
        {
            return Finish(result with { Message = $"verified {names} from {resolved.Source.ToString().ToLowerInvariant()}, not loaded (loading is off)" }, started);
        }

        heartbeat?.Beat($"loading {o.DriverName}", PassTimes.Load);
        try
        {
            var parameters = ModuleParameters.Parse(o.ModuleParameters.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal));
            var members = artifact.Modules.Select((m, i) => new ModuleSetMember(
                new ModuleLoadRequest(VerifiedModuleSet.FileStem(m.Module.FileName), modulePaths[i])
                {
                    Parameters = TakesParameters(m.Module.ModuleName, o.DriverName, artifact.Modules.Count) ? parameters : ModuleParameters.Empty,
                    ExpectedSha256 = m.Module.Sha256,
                    ExpectedSrcVersion = modinfos[i].SourceVersion,
                },
                modinfos[i].Depends)).ToList();
            var set = await new ModuleSetLoader(loader, logger, new KernelModuleTree(o.HostRoot, host.Kernel.KernelRelease)).LoadAsync(members, cancellationToken);
            var loaded = set.Modules;
            var notOurs = loaded.FirstOrDefault(l => l.Outcome != LoadOutcome.Loaded && l.Ownership == ModuleOwnership.NotOurs);
            var firstLoaded = loaded.FirstOrDefault(l => l.Outcome != LoadOutcome.Loaded);
            var expected = firstLoaded is null ? null : members.First(m => KernelModuleName.Normalize(m.Request.ModuleName) == KernelModuleName.Normalize(firstLoaded.ModuleName)).Request.ExpectedSrcVersion;
            var outcome = notOurs is not null ? PassOutcome.OtherBuildLoaded
                : loaded.All(l => l.Outcome == LoadOutcome.Loaded) ? PassOutcome.Loaded
                : PassOutcome.AlreadyLoaded;
            var message = outcome == PassOutcome.Loaded
                ? $"loaded {string.Join(", ", loaded.Select(l => l.ModuleName))} (sha256 {digest[..16]}) from {resolved.Source.ToString().ToLowerInvariant()}{KernelDependencies(set)}"
                : AlreadyLoadedMessage(notOurs?.ModuleName ?? firstLoaded!.ModuleName, notOurs ?? firstLoaded!, expected);
            return Finish(result with { Outcome = outcome, Message = message }, started);
        }
        catch (ModuleLoadException e)
        {
            return Finish(result with { Outcome = PassOutcome.LoadFailed, Message = e.Message }, started);
        }
    }

    private static string KernelDependencies(ModuleSetLoad set) =>
        set.KernelDependencies.Count == 0 ? string.Empty : $", after the kernel's own {string.Join(", ", set.KernelDependencies)}";

    /// <summary>The configured module parameters go to the module named like the driver, or to a driver's only module.</summary>
    private static bool TakesParameters(string moduleName, string driverName, int moduleCount) =>
        moduleCount == 1 || KernelModuleName.Normalize(moduleName) == KernelModuleName.Normalize(driverName);

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
