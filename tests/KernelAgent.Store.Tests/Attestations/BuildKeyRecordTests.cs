using System.Text;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Attestations;

/// <summary>The matrix build key in externalParameters: recorded when given, absent (not null) for on-demand builds.</summary>
public sealed class BuildKeyRecordTests : IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate();

    public void Dispose() => _key.Dispose();

    [Fact]
    public void VerifyEnvelope_BuildKeyGiven_ReadsItBack()
    {
        var module = TestVariants.FakeModule();
        var facts = TestVariants.Facts(TestVariants.Debian(), module) with { BuildKey = new string('c', 64) };

        var verified = AttestationVerifier.VerifyEnvelope(AttestationSigner.Sign(StatementFactory.Create(facts), _key), new TrustedKeyRing([_key.Public]));

        Assert.Equal(new string('c', 64), verified.BuildKey);
    }

    [Fact]
    public void Sign_NoBuildKey_LeavesTheFieldOutOfThePayload()
    {
        var module = TestVariants.FakeModule();
        var envelope = AttestationSigner.Sign(StatementFactory.Create(TestVariants.Facts(TestVariants.Debian(), module)), _key);

        var verified = AttestationVerifier.VerifyEnvelope(envelope, new TrustedKeyRing([_key.Public]));
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(System.Text.Json.JsonDocument.Parse(envelope).RootElement.GetProperty("payload").GetString()!));

        Assert.Null(verified.BuildKey);
        Assert.DoesNotContain("buildKey", payload, StringComparison.Ordinal);
    }
}
