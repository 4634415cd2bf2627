using System.Text;
using System.Text.Json.Nodes;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Tests.TestSupport;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Tests.Attestations;

public sealed class AttestationVerifierTests : IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate();
    private readonly ArtifactVariant _variant = TestVariants.Debian();
    private readonly byte[] _module = TestVariants.FakeModule();
    private readonly byte[] _envelope;
    private readonly TrustedKeyRing _ring;

    public AttestationVerifierTests()
    {
        _envelope = TestVariants.Sign(_variant, _module, _key);
        _ring = new TrustedKeyRing([_key.Public]);
    }

    public void Dispose() => _key.Dispose();

    [Fact]
    public void VerifyArtifact_Untampered_ReturnsSignerAndSubject()
    {
        var verified = AttestationVerifier.VerifyArtifact(_envelope, _module, _ring, _variant);

        Assert.Equal(_key.KeyId, verified.KeyId);
        Assert.Equal("kagent_sample.ko", verified.Modules[0].FileName);
        Assert.Equal(_variant.ContentKey, verified.Statement.Predicate.BuildDefinition.ExternalParameters.VariantKey);
    }

    [Fact]
    public void VerifyArtifact_OneFlippedByteInModule_IsDigestMismatch()
    {
        var module = (byte[])_module.Clone();
        module[100] ^= 1;

        AssertRefused(VerificationFailure.DigestMismatch, () => AttestationVerifier.VerifyArtifact(_envelope, module, _ring, _variant));
    }

    [Fact]
    public void VerifyEnvelope_OneFlippedByteInPayload_IsBadSignature()
    {
        var envelope = MutateEnvelope(node =>
        {
            var payload = Convert.FromBase64String(node["payload"]!.GetValue<string>());
            payload[payload.Length / 2] ^= 1;
            node["payload"] = Convert.ToBase64String(payload);
        });

        AssertRefused(VerificationFailure.BadSignature, () => AttestationVerifier.VerifyEnvelope(envelope, _ring));
    }

    [Fact]
    public void VerifyEnvelope_OneFlippedByteInSignature_IsBadSignature()
    {
        var envelope = MutateEnvelope(node =>
        {
            var sig = Convert.FromBase64String(node["signatures"]![0]!["sig"]!.GetValue<string>());
            sig[0] ^= 1;
            node["signatures"]![0]!["sig"] = Convert.ToBase64String(sig);
        });

        AssertRefused(VerificationFailure.BadSignature, () => AttestationVerifier.VerifyEnvelope(envelope, _ring));
    }

    [Fact]
    public void VerifyEnvelope_SignatureByOtherKeyUnderTrustedKeyId_IsBadSignature()
    {
        using var other = SigningKey.Generate();
        var forged = TestVariants.Sign(_variant, _module, other);
        var envelope = MutateEnvelope(forged, node => node["signatures"]![0]!["keyid"] = _key.KeyId);

        AssertRefused(VerificationFailure.BadSignature, () => AttestationVerifier.VerifyEnvelope(envelope, _ring));
    }

    [Fact]
    public void VerifyEnvelope_SignedByUntrustedKey_IsUnknownKeyId()
    {
        using var other = SigningKey.Generate();
        var envelope = TestVariants.Sign(_variant, _module, other);

        var e = AssertRefused(VerificationFailure.UnknownKeyId, () => AttestationVerifier.VerifyEnvelope(envelope, _ring));
        Assert.Contains(KeyIds.Abbreviate(other.KeyId), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyEnvelope_SeveralTrustedKeys_AcceptsEither()
    {
        using var next = SigningKey.Generate();
        var ring = new TrustedKeyRing([_key.Public, next.Public]);

        Assert.Equal(next.KeyId, AttestationVerifier.VerifyEnvelope(TestVariants.Sign(_variant, _module, next), ring).KeyId);
        Assert.Equal(_key.KeyId, AttestationVerifier.VerifyEnvelope(_envelope, ring).KeyId);
    }

    [Fact]
    public void VerifyEnvelope_Truncated_IsMalformedEnvelope()
    {
        AssertRefused(VerificationFailure.MalformedEnvelope, () => AttestationVerifier.VerifyEnvelope(_envelope.AsSpan(0, _envelope.Length / 2), _ring));
    }

    [Fact]
    public void VerifyEnvelope_NotJson_IsMalformedEnvelope()
    {
        AssertRefused(VerificationFailure.MalformedEnvelope, () => AttestationVerifier.VerifyEnvelope("not json at all"u8, _ring));
    }

    [Fact]
    public void VerifyEnvelope_NoSignatures_IsMalformedEnvelope()
    {
        var envelope = MutateEnvelope(node => node["signatures"] = new JsonArray());

        AssertRefused(VerificationFailure.MalformedEnvelope, () => AttestationVerifier.VerifyEnvelope(envelope, _ring));
    }

    [Fact]
    public void VerifyEnvelope_WrongPayloadType_IsWrongPayloadType()
    {
        var envelope = MutateEnvelope(node => node["payloadType"] = "application/json");

        AssertRefused(VerificationFailure.WrongPayloadType, () => AttestationVerifier.VerifyEnvelope(envelope, _ring));
    }

    [Fact]
    public void VerifyArtifact_VariantOfNeighbouringAbi_IsVariantMismatchNamingFields()
    {
        var neighbour = ArtifactVariant.Create(
            TestVariants.DebianKernel with { KernelRelease = "6.1.0-55-amd64", KernelVersion = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.191-1 (2026-09-01)" },
            TestVariants.SampleDriver);

        var e = AssertRefused(VerificationFailure.VariantMismatch, () => AttestationVerifier.VerifyArtifact(_envelope, _module, _ring, neighbour));
        Assert.Contains("kernel_release", e.Message, StringComparison.Ordinal);
        Assert.Contains("kernel_version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyEnvelope_PayloadNotAStatement_IsMalformedStatement()
    {
        var payload = "{\"_type\":\"https://in-toto.io/Statement/v0.1\"}"u8.ToArray();
        var envelope = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["payloadType"] = DsseEnvelope.InTotoPayloadType,
            ["payload"] = Convert.ToBase64String(payload),
            ["signatures"] = new JsonArray(new JsonObject
            {
                ["keyid"] = _key.KeyId,
                ["sig"] = Convert.ToBase64String(SignRaw(DssePae.Encode(DsseEnvelope.InTotoPayloadType, payload))),
            }),
        }.ToJsonString());

        AssertRefused(VerificationFailure.MalformedStatement, () => AttestationVerifier.VerifyEnvelope(envelope, _ring));
    }

    private byte[] SignRaw(byte[] data) =>
        NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(
            NSec.Cryptography.Key.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, ExportPrivate(), NSec.Cryptography.KeyBlobFormat.PkixPrivateKeyText),
            data);

    private byte[] ExportPrivate()
    {
        using var dir = new TempDirectory();
        _key.WriteTo(dir.Join("k.pem"), dir.Join("k.pub"));
        return File.ReadAllBytes(dir.Join("k.pem"));
    }

    private byte[] MutateEnvelope(Action<JsonNode> change) => MutateEnvelope(_envelope, change);

    private static byte[] MutateEnvelope(byte[] envelope, Action<JsonNode> change)
    {
        var node = JsonNode.Parse(envelope)!;
        change(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static AttestationVerificationException AssertRefused(VerificationFailure reason, Func<object> verify)
    {
        var e = Assert.Throws<AttestationVerificationException>(() => verify());
        Assert.Equal(reason, e.Reason);
        Assert.StartsWith(e.ReasonText, e.Message, StringComparison.Ordinal);
        return e;
    }
}
