namespace KernelAgent.Store.Attestations;

/// <summary>An attestation or the module it covers was refused; <see cref="Reason"/> says why for machines.</summary>
public sealed class AttestationVerificationException(VerificationFailure reason, string message)
    : Exception(message)
{
    public VerificationFailure Reason { get; } = reason;

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
        _ => reason.ToString(),
    };
}
