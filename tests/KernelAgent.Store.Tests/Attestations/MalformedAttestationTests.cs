using System.Text.Json.Nodes;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Attestations;

/// <summary>Issue 11 item 1: nulls and wrong types anywhere are a refusal with a reason, never another exception.</summary>
public sealed class MalformedAttestationTests : IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate();
    private readonly byte[] _module = TestVariants.FakeModule();
    private readonly byte[] _envelope;
    private readonly TrustedKeyRing _ring;

    public MalformedAttestationTests()
    {
        _envelope = TestVariants.Sign(TestVariants.Debian(), _module, _key);
        _ring = new TrustedKeyRing([_key.Public]);
    }

    public void Dispose() => _key.Dispose();

    public static TheoryData<string, string> EnvelopeEdits => new()
    {
        { "signatures", "[null]" },
        { "signatures", "[{\"keyid\":\"abc\"}]" },
        { "signatures", "[{\"keyid\":\"abc\",\"sig\":null}]" },
        { "signatures", "[5]" },
        { "signatures", "{}" },
        { "signatures", "null" },
        { "payload", "null" },
        { "payload", "5" },
        { "payload", "\"%%%\"" },
        { "payloadType", "null" },
        { "payloadType", "[]" },
    };

    [Theory]
    [MemberData(nameof(EnvelopeEdits))]
    public void VerifyEnvelope_MalformedEnvelopeField_IsMalformedEnvelope(string field, string json)
    {
        var envelope = EnvelopeEditor.EditEnvelope(_envelope, node => node[field] = JsonNode.Parse(json));

        var e = Assert.Throws<AttestationVerificationException>(() => AttestationVerifier.VerifyEnvelope(envelope, _ring));

        Assert.Equal(VerificationFailure.MalformedEnvelope, e.Reason);
    }

    [Fact]
    public void VerifyEnvelope_NullTopLevel_IsMalformedEnvelope()
    {
        foreach (var text in new[] { "null", "[]", "5", "\"x\"", "{}" })
        {
            var e = Assert.Throws<AttestationVerificationException>(() => AttestationVerifier.VerifyEnvelope(System.Text.Encoding.UTF8.GetBytes(text), _ring));
            Assert.Equal(VerificationFailure.MalformedEnvelope, e.Reason);
        }
    }

    public static TheoryData<string, string> SignedStatementEdits => new()
    {
        { "subject", "[null]" },
        { "subject", "[{\"name\":\"m.ko\",\"digest\":null}]" },
        { "subject", "[{\"name\":\"m.ko\",\"digest\":{\"sha256\":null}}]" },
        { "subject", "[{\"name\":null,\"digest\":{\"sha256\":\"" + "ab" + "\"}}]" },
        { "subject", "[{\"name\":\"m.ko\",\"digest\":{\"sha256\":5}}]" },
        { "subject", "null" },
        { "subject", "\"m.ko\"" },
        { "predicate", "null" },
        { "predicate", "[]" },
        { "predicate.buildDefinition", "null" },
        { "predicate.buildDefinition.externalParameters", "null" },
        { "predicate.buildDefinition.externalParameters.variant", "{\"distro_id\":null}" },
        { "predicate.buildDefinition.externalParameters.variant", "null" },
        { "predicate.buildDefinition.externalParameters.variantKey", "\"short\"" },
        { "predicate.buildDefinition.externalParameters.variantKey", "null" },
        { "predicate.buildDefinition.internalParameters", "null" },
        { "predicate.buildDefinition.resolvedDependencies", "[null]" },
        { "predicate.buildDefinition.resolvedDependencies", "[{\"name\":\"x\",\"digest\":{\"sha256\":null}}]" },
        { "predicate.runDetails", "null" },
        { "predicate.runDetails.builder", "{\"id\":\"b\",\"version\":{\"farm\":null}}" },
        { "predicate.runDetails.builder", "null" },
        { "predicate.runDetails.metadata", "null" },
        { "predicate.runDetails.metadata.startedOn", "\"yesterday\"" },
        { "_type", "null" },
        { "predicateType", "7" },
    };

    [Theory]
    [MemberData(nameof(SignedStatementEdits))]
    public void VerifyEnvelope_MalformedStatementSignedByTrustedKey_IsMalformedStatement(string path, string json)
    {
        var envelope = EnvelopeEditor.EditSignedStatement(_envelope, _key, statement => Set(statement, path, JsonNode.Parse(json)));

        var e = Assert.Throws<AttestationVerificationException>(() => AttestationVerifier.VerifyEnvelope(envelope, _ring));

        Assert.Equal(VerificationFailure.MalformedStatement, e.Reason);
        Assert.False(string.IsNullOrWhiteSpace(e.Detail));
    }

    [Theory]
    [MemberData(nameof(SignedStatementEdits))]
    public void VerifyEnvelope_MalformedStatementUnsigned_IsRefused(string path, string json)
    {
        var edited = EnvelopeEditor.Statement(_envelope);
        Set(edited, path, JsonNode.Parse(json));
        var envelope = EnvelopeEditor.EditEnvelope(_envelope, node =>
            node["payload"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(edited.ToJsonString())));

        var e = Assert.Throws<AttestationVerificationException>(() => AttestationVerifier.VerifyEnvelope(envelope, _ring));

        Assert.Equal(VerificationFailure.BadSignature, e.Reason);
    }

    [Fact]
    public void VerifyEnvelope_PayloadJsonNull_IsMalformedStatement()
    {
        var envelope = EnvelopeEditor.SignPayload("null"u8.ToArray(), _key);

        var e = Assert.Throws<AttestationVerificationException>(() => AttestationVerifier.VerifyEnvelope(envelope, _ring));

        Assert.Equal(VerificationFailure.MalformedStatement, e.Reason);
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = node[part]!.AsObject();
        }

        node[parts[^1]] = value;
    }
}
