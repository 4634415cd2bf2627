using KernelAgent.BuildFarm.Signing;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Modules;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// One build from start to published: headers and compile (the module builder), sign, publish. The module builder
/// times its own phases; this times attestation signing and publishing.
/// </summary>
internal sealed class BuildPipeline(
    IModuleBuilder builder, IAttestationSigning signing, IArtifactStore store, string publishedStoreUrl, TimeProvider time, BuildMetrics metrics)
{
    public async Task RunAsync(BuildJob job, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        job.MarkStarted();
        var progress = new JobProgress(job);
        var built = await builder.BuildAsync(job.Variant, progress, cancellationToken);
        job.Append(BuildState.Signing, e => e.Signing = new BuildEvent.Types.Signing { KeyId = signing.KeyId, KernelSignature = built.KernelSignature });
        var modules = built.Modules.Select(m => new ArtifactModule(KernelModuleName.Normalize(m.ModuleName), m.FileName, m.InstallLocation, m.Sha256)).ToList();
        byte[] envelope;
        var signingStarted = time.GetTimestamp();
        try
        {
            envelope = signing.Sign(new ProvenanceFacts(
                job.Variant, modules, built.DriverSourceSha256, built.HeaderPackages, built.Compiler,
                built.KernelCompiler, built.KernelSignature, signing.BuilderId, FarmVersion.Current, job.Id, started, time.GetUtcNow(),
                job.Request.BuildKey));
        }
        catch (ArgumentException e)
        {
            throw new BuildFailedException(FailureReason.Internal, $"the build's modules cannot be published: {e.Message}", inner: e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new BuildFailedException(FailureReason.SigningFailed, $"signing failed: {e.Message}", inner: e);
        }
        finally
        {
            metrics.PhaseFinished(BuildPhase.AttestationSigning, time.GetElapsedTime(signingStarted));
        }

        job.Append(BuildState.Publishing, e => e.Publishing = new BuildEvent.Types.Publishing { StoreUrl = store.Location.ToString() });
        PublishResult result;
        var contents = built.Modules.Select(m => new ModuleContent(m.FileName, m.Bytes)).ToList();
        try
        {
            result = await metrics.TimeAsync(BuildPhase.Publish, time, () => job.Request.Supersede
                ? ArtifactPublisher.SupersedeAsync(store, job.Variant, contents, envelope, cancellationToken)
                : ArtifactPublisher.PublishAsync(store, job.Variant, contents, envelope, cancellationToken));
        }
        catch (StoreException e)
        {
            throw new BuildFailedException(FailureReason.PublishFailed, $"publishing failed: {e.Message}", inner: e);
        }

        // A superseding publish always ends with this build's attestation current.
        var supersedes = job.Request.Supersede;
        ResolvedArtifact? published = null;
        if (result.Outcome == PublishOutcome.AlreadyPublished && !supersedes)
        {
            (published, result) = await ReadBackOrReplaceAsync(job, contents, envelope, result, cancellationToken);
            supersedes = published is null;
        }

        var artifact = published is null
            ? ArtifactReferences.From(publishedStoreUrl, result, modules, job.Variant.ContentKey, signing.KeyId)
            : ArtifactReferences.From(publishedStoreUrl, published);
        job.SupersededAttestationKey = result.SupersededAttestationKey;
        var duration = time.GetUtcNow() - started;
        job.Append(BuildState.Succeeded, e => e.Succeeded = new BuildEvent.Types.Succeeded
        {
            Artifact = artifact,
            AlreadyPublished = result.Outcome == PublishOutcome.AlreadyPublished && !supersedes,
            Duration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(duration),
        });
    }

    /// <summary>
    /// The attestation another writer published, or, when what is published there does not verify (malformed, signed
    /// by a key no longer trusted, for another variant), this build's artifact in its place: the refused attestation is
    /// kept under history/ like any superseded one, and a build never ends at an artifact nobody can use.
    /// </summary>
    private async Task<(ResolvedArtifact? Published, PublishResult Result)> ReadBackOrReplaceAsync(
        BuildJob job, IReadOnlyList<ModuleContent> modules, byte[] envelope, PublishResult result, CancellationToken cancellationToken)
    {
        try
        {
            var published = await ArtifactResolver.ResolveAsync(store, job.Variant, signing.TrustedKeys, cancellationToken)
                ?? throw new BuildFailedException(FailureReason.PublishFailed, "another writer's attestation was reported but cannot be read back");
            return (published, result);
        }
        catch (AttestationVerificationException refused)
        {
            job.Append(BuildState.Publishing, e => e.Log = new BuildEvent.Types.LogLine
            {
                Line = $"the published attestation is refused ({refused.ReasonText}: {refused.Detail}); replacing it",
            });
            try
            {
                return (null, await ArtifactPublisher.SupersedeAsync(store, job.Variant, modules, envelope, cancellationToken));
            }
            catch (StoreException e)
            {
                throw new BuildFailedException(FailureReason.PublishFailed, $"replacing a refused attestation failed: {e.Message}", inner: e);
            }
        }
        catch (StoreException e)
        {
            throw new BuildFailedException(FailureReason.PublishFailed, $"reading back the published attestation failed: {e.Message}", inner: e);
        }
    }

    private sealed class JobProgress(BuildJob job) : IBuildProgress
    {
        public void FetchingHeaders(string package, long bytesDone, long bytesTotal, bool fromCache) =>
            job.Append(BuildState.FetchingHeaders, e => e.FetchingHeaders = new BuildEvent.Types.FetchingHeaders
            {
                Package = package, BytesDone = bytesDone, BytesTotal = bytesTotal, FromCache = fromCache,
            });

        public void Compiling(string compiler) =>
            job.Append(BuildState.Compiling, e => e.Compiling = new BuildEvent.Types.Compiling { Compiler = compiler });

        public void Log(string line) =>
            job.Append(job.State, e => e.Log = new BuildEvent.Types.LogLine { Line = line });
    }
}
