using System.Text.Json;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Modules;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Attestations;

/// <summary>
/// Checks, in order: the envelope is well formed, its payload type, a signature by a trusted key over the
/// DSSE PAE, the statement's shape, and optionally the module digest and the attested variant. Each
/// failure throws <see cref="AttestationVerificationException"/> with its own reason.
/// </summary>
public static class AttestationVerifier
{
    /// <summary>Verifies the envelope alone (signature and statement shape).</summary>
    public static VerifiedAttestation VerifyEnvelope(ReadOnlySpan<byte> envelopeBytes, TrustedKeyRing trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        var envelope = ParseEnvelope(envelopeBytes);
        if (!string.Equals(envelope.PayloadType, DsseEnvelope.InTotoPayloadType, StringComparison.Ordinal))
        {
            throw Fail(VerificationFailure.WrongPayloadType,
                $"payloadType is '{envelope.PayloadType}', expected '{DsseEnvelope.InTotoPayloadType}'");
        }

        var payload = DecodeBase64(envelope.Payload, "payload");
        var keyId = VerifySignatures(envelope, payload, trustedKeys);
        var statement = ParseStatement(payload);
        var (modules, problem) = AttestedModules.Read(statement);
        if (modules is null)
        {
            throw Fail(VerificationFailure.MalformedStatement, problem!);
        }

        var variant = statement.Predicate.BuildDefinition.ExternalParameters.Variant;
        if (trustedKeys.Policy.RollbackProblem(
            variant.GetValueOrDefault(VariantFieldNames.DriverName), variant.GetValueOrDefault(VariantFieldNames.DriverVersion)) is { } rollback)
        {
            throw Fail(VerificationFailure.BelowMinimumVersion, rollback);
        }

        return new VerifiedAttestation(statement, keyId, Digests.Sha256Hex(envelopeBytes), modules);
    }

    /// <summary>
    /// Verifies the envelope of a one-module artifact, that <paramref name="module"/> hashes to the subject's digest
    /// and, when <paramref name="expected"/> is given, that the attested variant equals it field by field.
    /// </summary>
    public static VerifiedAttestation VerifyArtifact(
        ReadOnlySpan<byte> envelopeBytes, ReadOnlySpan<byte> module, TrustedKeyRing trustedKeys, ArtifactVariant? expected) =>
        VerifyArtifact(envelopeBytes, [module.ToArray()], trustedKeys, expected);

    /// <summary>
    /// Verifies the envelope, that there is one module per attested module and each hashes to its subject's digest
    /// (all or nothing, in the attested order) and, when <paramref name="expected"/> is given, the attested variant.
    /// </summary>
    public static VerifiedAttestation VerifyArtifact(
        ReadOnlySpan<byte> envelopeBytes, IReadOnlyList<ReadOnlyMemory<byte>> modules, TrustedKeyRing trustedKeys, ArtifactVariant? expected)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var verified = VerifyEnvelope(envelopeBytes, trustedKeys);
        CheckModules(verified, modules);
        if (expected is not null)
        {
            CheckVariant(verified, expected);
        }

        return verified;
    }

    /// <summary>Throws <see cref="VerificationFailure.DigestMismatch"/> unless every attested module has its bytes, with its digest.</summary>
    public static void CheckModules(VerifiedAttestation verified, IReadOnlyList<ReadOnlyMemory<byte>> modules)
    {
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(modules);
        if (modules.Count != verified.Modules.Count)
        {
            throw Fail(VerificationFailure.DigestMismatch,
                $"the attestation names {verified.Modules.Count} module(s) ({string.Join(", ", verified.Modules.Select(m => m.FileName))}), {modules.Count} were given");
        }

        for (var i = 0; i < modules.Count; i++)
        {
            var actual = Digests.Sha256Hex(modules[i].Span);
            if (!string.Equals(actual, verified.Modules[i].Sha256, StringComparison.Ordinal))
            {
                throw Fail(VerificationFailure.DigestMismatch,
                    $"module {verified.Modules[i].FileName} sha256 is {actual}, the attestation names {verified.Modules[i].Sha256}");
            }
        }
    }

    /// <summary>Throws <see cref="VerificationFailure.VariantMismatch"/> naming every field that differs.</summary>
    public static void CheckVariant(VerifiedAttestation verified, ArtifactVariant expected)
    {
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(expected);
        var attested = verified.Statement.Predicate.BuildDefinition.ExternalParameters.Variant;
        var differences = new List<string>();
        foreach (var (field, value) in expected.Fields())
        {
            var theirs = attested.TryGetValue(field, out var v) ? v : null;
            if (!string.Equals(theirs, value, StringComparison.Ordinal))
            {
                differences.Add($"{field} attested '{theirs ?? "(missing)"}', expected '{value}'");
            }
        }

        if (differences.Count > 0)
        {
            throw Fail(VerificationFailure.VariantMismatch, "the attested variant differs: " + string.Join("; ", differences));
        }
    }

    internal static DsseEnvelope ParseEnvelope(ReadOnlySpan<byte> bytes)
    {
        DsseEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(bytes, AttestationJsonContext.Default.DsseEnvelope);
        }
        catch (JsonException e)
        {
            throw Fail(VerificationFailure.MalformedEnvelope, $"the envelope is not valid DSSE JSON: {e.Message}");
        }

        if (AttestationShape.EnvelopeProblem(envelope) is { } problem)
        {
            throw Fail(VerificationFailure.MalformedEnvelope, problem);
        }

        return envelope!;
    }

    /// <summary>
    /// The key ID in a signature is only a hint (DSSE protocol.md): a named trusted key is tried first,
    /// and a signature without a key ID is tried against every trusted key. A signature by a revoked key counts
    /// for nothing; when it is the only one that verifies, the refusal says so.
    /// </summary>
    internal static string VerifySignatures(DsseEnvelope envelope, byte[] payload, TrustedKeyRing trustedKeys)
    {
        var pae = DssePae.Encode(envelope.PayloadType, payload);
        var triedTrustedKey = false;
        string? revokedSigner = null;
        foreach (var signature in envelope.Signatures)
        {
            var sig = DecodeBase64(signature.Sig, "signature");
            IEnumerable<TrustedKey> candidates = signature.KeyId is { Length: > 0 } id
                ? trustedKeys.TryGet(id, out var named) ? [named] : []
                : trustedKeys.Keys;
            foreach (var key in candidates)
            {
                triedTrustedKey = true;
                if (key.Verify(pae, sig))
                {
                    if (!trustedKeys.Policy.IsRevoked(key.KeyId))
                    {
                        return key.KeyId;
                    }

                    revokedSigner ??= key.KeyId;
                }
            }
        }

        if (revokedSigner is not null)
        {
            throw Fail(VerificationFailure.RevokedKey,
                $"the only valid signature is by key id {KeyIds.Abbreviate(revokedSigner)}, which is revoked ({trustedKeys.Policy.RevokedKeys[revokedSigner]})");
        }

        if (!triedTrustedKey)
        {
            var ids = string.Join(", ", envelope.Signatures.Select(s => s.KeyId is { Length: > 0 } k ? KeyIds.Abbreviate(k) : "(none)"));
            throw Fail(VerificationFailure.UnknownKeyId,
                $"signed by key id {ids}, which is not among the {trustedKeys.Count} trusted key(s)");
        }

        throw Fail(VerificationFailure.BadSignature, "the signature does not verify: the payload or the signature was altered");
    }

    private static InTotoStatement ParseStatement(byte[] payload)
    {
        InTotoStatement? statement;
        try
        {
            statement = JsonSerializer.Deserialize(payload, AttestationJsonContext.Default.InTotoStatement);
        }
        catch (JsonException e)
        {
            throw Fail(VerificationFailure.MalformedStatement, $"the payload is not an in-toto statement: {e.Message}");
        }

        if (AttestationShape.StatementProblem(statement) is { } problem)
        {
            throw Fail(VerificationFailure.MalformedStatement, problem);
        }

        return statement!;
    }

    internal static byte[] DecodeBase64(string text, string what)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw Fail(VerificationFailure.MalformedEnvelope, $"the {what} is not valid base64");
        }
    }

    private static AttestationVerificationException Fail(VerificationFailure reason, string detail) =>
        new(reason, detail);
}
