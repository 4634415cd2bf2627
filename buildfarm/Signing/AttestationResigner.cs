using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Signing;

/// <summary>
/// <c>kernel-buildfarm resign</c>: gives every published attestation a signature by the farm's active key without
/// rebuilding anything. An attestation is re-signed only when it verifies with a key the farm trusts (its own, the keys
/// <c>keys rotate</c> kept, the configured ones) and every module it names is there with the attested digest; signatures
/// by keys the store's trust policy revokes are dropped. The replaced envelope is kept under the variant's history/.
/// </summary>
internal sealed class AttestationResigner(IArtifactStore store, IAttestationSigning signing, TrustPolicyEditor policies)
{
    public async Task<ResignReport> RunAsync(bool dryRun, Action<string> progress, CancellationToken cancellationToken)
    {
        var policy = await policies.ReadAsync(cancellationToken);
        var revoked = policy.RevokedKeys.Keys.ToHashSet(StringComparer.Ordinal);
        var report = new ResignReport();
        var keys = new List<string>();
        await foreach (var key in store.ListAsync(StoreLayout.Root + "/modules/", cancellationToken))
        {
            if (key.EndsWith("/" + StoreLayout.AttestationFileName, StringComparison.Ordinal))
            {
                keys.Add(key);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var outcome = await ResignOneAsync(key, revoked, dryRun, cancellationToken);
            report.Add(outcome.Kind);
            progress($"{outcome.Kind.ToString().ToLowerInvariant()} {key}{(outcome.Detail is null ? string.Empty : ": " + outcome.Detail)}");
        }

        return report;
    }

    private async Task<(ResignOutcome Kind, string? Detail)> ResignOneAsync(
        string key, HashSet<string> revoked, bool dryRun, CancellationToken cancellationToken)
    {
        ResolvedArtifact? artifact;
        try
        {
            var current = await store.ReadAsync(key, cancellationToken);
            var variant = AttestedVariant(AttestationVerifier.VerifyEnvelope(current, signing.TrustedKeys));
            if (StoreLayout.AttestationKey(variant) != key)
            {
                return (ResignOutcome.Skipped, "the attested variant belongs under another key");
            }

            // Verifies the envelope, the variant and every module's digest again, reading the modules within the store's limits.
            artifact = await ArtifactResolver.ResolveAsync(store, variant, signing.TrustedKeys, cancellationToken);
        }
        catch (AttestationVerificationException e)
        {
            return (e.Reason == VerificationFailure.DigestMismatch ? ResignOutcome.Mismatched : ResignOutcome.Skipped, $"{e.ReasonText}: {e.Detail}");
        }
        catch (VariantValidationException e)
        {
            return (ResignOutcome.Skipped, e.Message);
        }
        catch (StoreException e)
        {
            return (ResignOutcome.Skipped, e.Message);
        }

        if (artifact is null)
        {
            return (ResignOutcome.Skipped, "removed while re-signing");
        }

        if (AlreadySigned(artifact.Envelope, revoked))
        {
            return (ResignOutcome.Current, null);
        }

        if (dryRun)
        {
            return (ResignOutcome.Resigned, "dry run: nothing written");
        }

        var envelope = signing.Resign(artifact.Envelope, revoked);
        var kept = await ArtifactPublisher.ReplaceAttestationAsync(store, artifact.Variant, artifact.Envelope, envelope, cancellationToken);
        return (ResignOutcome.Resigned, $"signed by {KernelAgent.Store.Attestations.Keys.KeyIds.Abbreviate(signing.KeyId)}, previous envelope kept as {kept}");
    }

    /// <summary>Signed by the active key already and by no revoked key: nothing to do.</summary>
    private bool AlreadySigned(byte[] envelope, HashSet<string> revoked)
    {
        var ring = new KernelAgent.Store.Attestations.Keys.TrustedKeyRing(
            signing.TrustedKeys.Keys.Where(k => k.KeyId == signing.KeyId));
        try
        {
            AttestationVerifier.VerifyEnvelope(envelope, ring);
        }
        catch (AttestationVerificationException)
        {
            return false;
        }

        var ids = System.Text.Json.Nodes.JsonNode.Parse(envelope)?["signatures"]?.AsArray()
            .Select(s => s?["keyid"]?.GetValue<string>()).OfType<string>() ?? [];
        return !ids.Any(revoked.Contains);
    }

    private static ArtifactVariant AttestedVariant(VerifiedAttestation verified)
    {
        var fields = verified.Statement.Predicate.BuildDefinition.ExternalParameters.Variant;
        string F(string name) => fields.TryGetValue(name, out var value) ? value : string.Empty;
        return ArtifactVariant.Create(
            new KernelIdentity(F(VariantFieldNames.DistroId), F(VariantFieldNames.DistroVersionId), F(VariantFieldNames.Arch),
                F(VariantFieldNames.KernelRelease), F(VariantFieldNames.KernelVersion)),
            new DriverIdentity(F(VariantFieldNames.DriverName), F(VariantFieldNames.DriverVersion)));
    }
}
