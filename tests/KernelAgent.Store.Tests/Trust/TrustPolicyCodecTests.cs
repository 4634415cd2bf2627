using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Tests.TestSupport;
using KernelAgent.Store.Trust;

namespace KernelAgent.Store.Tests.Trust;

/// <summary>The store's signed trust policy: what is accepted, and each refusal's reason.</summary>
public sealed class TrustPolicyCodecTests : IDisposable
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);

    private readonly SigningKey _key = SigningKey.Generate();
    private readonly SigningKey _other = SigningKey.Generate();

    public void Dispose()
    {
        _key.Dispose();
        _other.Dispose();
    }

    [Fact]
    public void Read_SignedByATrustedKey_ReturnsThePolicy()
    {
        var policy = new TrustPolicy(3, new Dictionary<string, string> { [_other.KeyId] = "leaked" }, new Dictionary<string, string> { ["kagent_sample"] = "1.2" });

        var (read, problem) = TrustPolicyCodec.Read(TrustPolicyCodec.Sign(policy, IssuedAt, _key), new TrustedKeyRing([_key.Public]));

        Assert.Null(problem);
        Assert.Equal(3, read!.Serial);
        Assert.Equal("leaked", read.RevokedKeys[_other.KeyId]);
        Assert.Equal("1.2", read.MinimumVersions["kagent_sample"]);
    }

    [Fact]
    public void Read_SignedByAnUntrustedKey_IsRefused() =>
        Assert.Contains("unknown key id", TrustPolicyCodec.Read(TrustPolicyCodec.Sign(Policy(1), IssuedAt, _other), new TrustedKeyRing([_key.Public])).Problem,
            StringComparison.Ordinal);

    [Fact]
    public void Read_RevokingItsOwnSigningKey_IsRefused()
    {
        var policy = new TrustPolicy(1, new Dictionary<string, string> { [_key.KeyId] = "x" }, new Dictionary<string, string>());

        var (read, problem) = TrustPolicyCodec.Read(TrustPolicyCodec.Sign(policy, IssuedAt, _key), new TrustedKeyRing([_key.Public]));

        Assert.Null(read);
        Assert.Contains("revokes the key", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AnAttestationInsteadOfAPolicy_IsRefusedByItsPayloadType()
    {
        var attestation = TestVariants.Sign(TestVariants.Debian(), TestVariants.FakeModule(), _key);

        Assert.Contains("payloadType", TrustPolicyCodec.Read(attestation, new TrustedKeyRing([_key.Public])).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LargerThanTheLimit_IsRefusedBeforeParsing() =>
        Assert.Contains("more than", TrustPolicyCodec.Read(new byte[TrustPolicyCodec.MaxBytes + 1], new TrustedKeyRing([_key.Public])).Problem,
            StringComparison.Ordinal);

    [Fact]
    public void Merge_TwoPolicies_KeepsEveryRevocationAndTheHigherFloor()
    {
        var a = new TrustPolicy(1, new Dictionary<string, string> { ["a"] = "x" }, new Dictionary<string, string> { ["d"] = "1.10", ["e"] = "1" });
        var b = new TrustPolicy(2, new Dictionary<string, string> { ["b"] = "y" }, new Dictionary<string, string> { ["d"] = "1.9" });

        var merged = a.Merge(b);

        Assert.Equal(2, merged.Serial);
        Assert.Equal(["a", "b"], merged.RevokedKeys.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("1.10", merged.MinimumVersions["d"]);
        Assert.Equal("1", merged.MinimumVersions["e"]);
    }

    private static TrustPolicy Policy(long serial) => new(serial, new Dictionary<string, string>(), new Dictionary<string, string>());
}
