using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Tests.TestSupport;
using KernelAgent.Store.Trust;

namespace KernelAgent.Store.Tests.Trust;

/// <summary>The verifier under a trust policy: revoked keys count for nothing, floors refuse older drivers.</summary>
public sealed class RevokedKeyVerificationTests : IDisposable
{
    private readonly SigningKey _old = SigningKey.Generate();
    private readonly SigningKey _new = SigningKey.Generate();

    public void Dispose()
    {
        _old.Dispose();
        _new.Dispose();
    }

    private TrustedKeyRing Ring(TrustPolicy policy) => new([_old.Public, _new.Public], policy);

    private static TrustPolicy Revoking(string keyId) => new(1, new Dictionary<string, string> { [keyId] = "leaked" }, new Dictionary<string, string>());

    [Fact]
    public void VerifyEnvelope_OnlySignedByARevokedKey_IsRefusedAsRevoked()
    {
        var envelope = TestVariants.Sign(TestVariants.Debian(), TestVariants.FakeModule(), _old);

        var e = Assert.Throws<AttestationVerificationException>(() => AttestationVerifier.VerifyEnvelope(envelope, Ring(Revoking(_old.KeyId))));

        Assert.Equal(VerificationFailure.RevokedKey, e.Reason);
        Assert.Contains("leaked", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyEnvelope_ResignedKeepingTheRevokedSignature_VerifiesUnderTheNewKey()
    {
        var envelope = TestVariants.Sign(TestVariants.Debian(), TestVariants.FakeModule(), _old);
        var resigned = AttestationSigner.Resign(envelope, _new, new HashSet<string>());

        Assert.Equal(_new.KeyId, AttestationVerifier.VerifyEnvelope(resigned, Ring(Revoking(_old.KeyId))).KeyId);
        Assert.Equal(_old.KeyId, AttestationVerifier.VerifyEnvelope(resigned, new TrustedKeyRing([_old.Public])).KeyId);
    }

    [Fact]
    public void Resign_KeepsThePayloadByteForByte()
    {
        var envelope = TestVariants.Sign(TestVariants.Debian(), TestVariants.FakeModule(), _old);

        var resigned = AttestationSigner.Resign(envelope, _new, new HashSet<string> { _old.KeyId });

        var before = AttestationVerifier.VerifyEnvelope(envelope, new TrustedKeyRing([_old.Public]));
        var after = AttestationVerifier.VerifyEnvelope(resigned, new TrustedKeyRing([_new.Public]));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(before.Statement.Subject), System.Text.Json.JsonSerializer.Serialize(after.Statement.Subject));
        Assert.Throws<AttestationVerificationException>(() => AttestationVerifier.VerifyEnvelope(resigned, new TrustedKeyRing([_old.Public])));
    }

    [Fact]
    public void VerifyEnvelope_DriverBelowTheFloor_IsRefusedAsBelowMinimumVersion()
    {
        var envelope = TestVariants.Sign(TestVariants.Debian(), TestVariants.FakeModule(), _old);
        var floor = new TrustPolicy(1, new Dictionary<string, string>(), new Dictionary<string, string> { ["kagent_sample"] = "1.0.0+security1" });

        var e = Assert.Throws<AttestationVerificationException>(() => AttestationVerifier.VerifyEnvelope(envelope, Ring(floor)));

        Assert.Equal(VerificationFailure.BelowMinimumVersion, e.Reason);
        Assert.Contains("1.0.0+security1", e.Detail, StringComparison.Ordinal);
    }
}
