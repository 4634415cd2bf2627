namespace KernelAgent.Store.Attestations;

/// <summary>Why an artifact was refused; each tampering case has its own reason.</summary>
public enum VerificationFailure
{
    /// <summary>The envelope is not JSON, is truncated, or lacks payload, payloadType or signatures.</summary>
    MalformedEnvelope,

    /// <summary>The payloadType is not application/vnd.in-toto+json.</summary>
    WrongPayloadType,

    /// <summary>No signature names (or verifies under) a key the verifier trusts.</summary>
    UnknownKeyId,

    /// <summary>A signature by a trusted key ID does not verify: the payload or signature was changed.</summary>
    BadSignature,

    /// <summary>The signed payload is not an in-toto Statement v1 with SLSA provenance v1 that we can read.</summary>
    MalformedStatement,

    /// <summary>The module's sha256 is not the subject's digest.</summary>
    DigestMismatch,

    /// <summary>The attested variant differs from the expected one in at least one field.</summary>
    VariantMismatch,

    /// <summary>Every signature that verifies is by a revoked key (trust policy: configuration or the store's signed object).</summary>
    RevokedKey,

    /// <summary>The attested driver version is below the trust policy's minimum for that driver (rollback protection).</summary>
    BelowMinimumVersion,
}
