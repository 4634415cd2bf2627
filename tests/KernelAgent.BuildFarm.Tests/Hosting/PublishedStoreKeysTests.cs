using CsCheck;
using KernelAgent.BuildFarm.Hosting;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.Hosting;

public sealed class PublishedStoreKeysTests
{
    private static readonly string Hex = new('a', 64);
    private static readonly string Folder = $"v1/modules/kagent_sample/1.0.0/debian/12/x86_64/6.1.0-56-amd64/{Hex}";

    [Theory]
    [InlineData("attestation.dsse.json")]
    [InlineData("kagent_sample-" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" + ".ko")]
    [InlineData("history/attestation-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.dsse.json")]
    public void IsPublished_ObjectsOfAVariantFolder_AreAccepted(string name) =>
        Assert.True(PublishedStoreKeys.IsPublished($"{Folder}/{name}"));

    [Theory]
    [InlineData("v1/snapshots/default/20261207T101010Z-abc.snap")]
    [InlineData("v1/snapshots/default/20261207T101010Z-abc.json.gz")]
    [InlineData("v1/audit/default/run-1/entry.json")]
    [InlineData("v1/trust/policy.dsse.json")]
    [InlineData("v1/trust/history/policy-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.dsse.json")]
    public void IsPublished_SnapshotsAndAudit_AreAccepted(string key) => Assert.True(PublishedStoreKeys.IsPublished(key));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1")]
    [InlineData("v1/modules")]
    [InlineData("v1/demand/2026-12-07/hosts.json")]
    [InlineData("v2/modules/x")]
    [InlineData("keys/signing-key.pem")]
    [InlineData("v1/trust/.tmp-policy.dsse.json")]
    [InlineData("v1/trust/history/policy-notadigest.dsse.json")]
    [InlineData("v1/snapshots/default/.tmp-1234")]
    [InlineData("v1/snapshots/default/x.snap/extra")]
    [InlineData("v1/audit/default/run/.tmp-x.json")]
    [InlineData("v1/modules/kagent_sample/1.0.0/debian/12/x86_64/6.1.0-56-amd64/notakey/attestation.dsse.json")]
    [InlineData("v1/modules/kagent_sample/1.0.0/debian/12/x86_64/6.1.0-56-amd64")]
    [InlineData("v1/modules/kagent_sample/../debian/12/x86_64/6.1.0-56-amd64/" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" + "/attestation.dsse.json")]
    public void IsPublished_AnythingElse_IsRefused(string? key) => Assert.False(PublishedStoreKeys.IsPublished(key));

    [Theory]
    [InlineData("/.tmp-0123")]
    [InlineData("/history")]
    [InlineData("/history/attestation-x.dsse.json")]
    [InlineData("/kagent_sample.ko")]
    [InlineData("/attestation.dsse.json/x")]
    [InlineData("%2Fattestation.dsse.json")]
    [InlineData("/")]
    public void IsPublished_OtherNamesInAVariantFolder_AreRefused(string suffix) =>
        Assert.False(PublishedStoreKeys.IsPublished(Folder + suffix));

    [Fact]
    public void IsPublished_KeysTheLayoutBuilds_AreAccepted()
    {
        var cases = 0;
        var field = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789._+~-"], 1, 40].Where(s => s is not "." and not "..");
        Gen.Select(field, field, Gen.Int[0, 1]).Sample((release, version, arch) =>
        {
            var variant = ArtifactVariant.Create(
                new KernelIdentity("debian", "12", arch == 0 ? "x86_64" : "aarch64", release, "#1 SMP Debian " + version),
                new DriverIdentity("kagent_sample", "1.0.0"));
            Interlocked.Increment(ref cases);
            return PublishedStoreKeys.IsPublished(StoreLayout.AttestationKey(variant))
                && PublishedStoreKeys.IsPublished(StoreLayout.ModuleKey(variant, Hex))
                && PublishedStoreKeys.IsPublished(StoreLayout.AttestationHistoryKey(variant, Hex));
        }, iter: 2_000);
        TestContext.Current.SendDiagnosticMessage($"{cases} layout keys checked");
    }

    [Fact]
    public void IsPublished_RandomAndMutatedKeys_NeverThrowAndNeverAcceptATempOrDotSegment()
    {
        var cases = 0;
        var valid = $"{Folder}/attestation.dsse.json";
        var mutated = Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Char, Gen.Int[0, 3]).Select((at, c, how) => how switch
        {
            0 => valid[..at] + c + valid[(at + 1)..],
            1 => valid[..at] + c + valid[at..],
            2 => valid[..at] + "/.tmp-" + valid[at..],
            _ => valid[..at] + "/../" + valid[at..],
        });
        Gen.OneOf(mutated, Gen.String).Sample(key =>
        {
            Interlocked.Increment(ref cases);
            var accepted = PublishedStoreKeys.IsPublished(key);
            var segments = key.Split('/');
            return !accepted || !segments.Any(s => s.StartsWith(".tmp-", StringComparison.Ordinal) || s is "." or ".." or "");
        }, iter: 10_000);
        TestContext.Current.SendDiagnosticMessage($"{cases} random and mutated keys checked");
    }
}
