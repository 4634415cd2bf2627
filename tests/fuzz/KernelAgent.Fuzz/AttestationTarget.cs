using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;

namespace KernelAgent.Fuzz;

/// <summary>
/// The attestation verifier on arbitrary bytes: a refusal is the expected answer; any other exception is a finding
/// (afl-fuzz records it as a crash). The seed envelope is signed by the trusted key, so mutations that keep the signed
/// bytes reach the statement reader behind a valid signature.
/// </summary>
internal sealed class AttestationTarget(string trustedKeyPath)
{
    // Loaded inside the first run: instrumented code may only execute once afl's shared memory is attached.
    private TrustedKeyRing? _ring;

    public void Run(Stream input)
    {
        var ring = _ring ??= new TrustedKeyRing([TrustedKey.FromPemFile(trustedKeyPath)]);
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        try
        {
            var verified = AttestationVerifier.VerifyEnvelope(buffer.ToArray(), ring);
            _ = verified.ModuleSha256.Length + verified.Statement.Predicate.BuildDefinition.ExternalParameters.VariantKey.Length;
        }
        catch (AttestationVerificationException)
        {
            // A refusal with its reason: what a malformed envelope must produce.
        }
    }
}
