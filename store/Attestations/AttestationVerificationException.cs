namespace KernelAgent.Store.Attestations;

/// <summary>
/// An attestation or the module it covers was refused; <see cref="Reason"/> says why for machines. The message is
/// "reason: detail", so callers that print the reason themselves print <see cref="Detail"/> beside it, not the message.
/// </summary>
public sealed class AttestationVerificationException(VerificationFailure reason, string detail)
    : Exception($"{Describe(reason)}: {detail}")
{
    public VerificationFailure Reason { get; } = reason;

    /// <summary>What exactly was wrong, without the reason's words in front.</summary>
    public string Detail { get; } = detail;

    /// <summary>The reason in the words used by logs and exit messages, e.g. "digest mismatch".</summary>
    public string ReasonText => Describe(Reason);

    public static string Describe(VerificationFailure reason) => reason switch
    {
        VerificationFailure.MalformedEnvelope => "malformed envelope",
        VerificationFailure.WrongPayloadType => "wrong payload type",
        VerificationFailure.UnknownKeyId => "unknown key id",
        VerificationFailure.BadSignature => "bad signature",
        VerificationFailure.MalformedStatement => "malformed statement",
        VerificationFailure.DigestMismatch => "digest mismatch",
        VerificationFailure.VariantMismatch => "variant mismatch",
        VerificationFailure.RevokedKey => "revoked key",
        VerificationFailure.BelowMinimumVersion => "below minimum version",
        _ => reason.ToString(),
    };
}
