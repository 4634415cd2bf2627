using KernelAgent.BuildFarm.Cli;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Modules;
using KernelAgent.Store.Trust;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.Signing;

/// <summary>
/// <c>keys rotate</c>, <c>resign</c> and <c>policy</c> run as an operator runs them, against a farm state folder whose
/// default directory store holds artifacts the old key signed.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KeyRotationCommandTests : IDisposable
{
    private static readonly KernelIdentity Kernel = new("debian", "12", "x86_64", "6.1.0-57-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-26)");

    private readonly string _state = Directory.CreateTempSubdirectory("ka-rotate-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    private string KeyPath => Path.Join(_state, "keys", KeysCommand.PrivateKeyFileName);

    private IArtifactStore Store() => ArtifactStoreFactory.Create(Path.Join(_state, "store"));

    [Fact]
    public async Task Rotate_ThenResign_ResignsEveryMatchingAttestationKeepingTheOldInHistoryAndReportsTheMismatch()
    {
        Assert.Equal(0, Run("keys", "generate", "--out", Path.Join(_state, "keys")).Exit);
        string oldId;
        using (var old = SigningKey.FromPemFile(KeyPath))
        {
            oldId = old.KeyId;
        }

        var good = await PublishAsync("1.0.0", module: [1, 2, 3]);
        var tampered = await PublishAsync("1.0.1", module: [4, 5, 6]);
        File.WriteAllBytes(Path.Join(_state, "store", StoreLayout.ModuleKey(tampered.Variant, Digests.Sha256Hex([4, 5, 6]))), [6, 6, 6]);

        var (exit, output, error) = Run("keys", "rotate", "--state-dir", _state);

        Assert.True(exit == 0, error);
        using var fresh = SigningKey.FromPemFile(KeyPath);
        Assert.NotEqual(oldId, fresh.KeyId);
        Assert.Contains($"new signing key {fresh.KeyId}", output, StringComparison.Ordinal);
        Assert.Contains($"policy revoke-key {oldId}", output, StringComparison.Ordinal);
        Assert.Equal(oldId, TrustedKey.FromPemFile(Path.Join(_state, "keys", "previous", oldId + ".pub")).KeyId);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Join(_state, "keys", "retired", oldId + ".pem")));

        (exit, output, _) = Run("resign", "--state-dir", _state);

        Assert.Equal(1, exit);
        Assert.Contains("1 re-signed, 0 already current, 1 not re-signed (module digest mismatch), 0 skipped", output, StringComparison.Ordinal);
        Assert.Contains("mismatched " + StoreLayout.AttestationKey(tampered.Variant), output, StringComparison.Ordinal);
        using var store = Store();
        var newOnly = new TrustedKeyRing([fresh.Public]);
        var resolved = await ArtifactResolver.ResolveAsync(store, good.Variant, newOnly, TestContext.Current.CancellationToken);
        Assert.Equal(fresh.KeyId, resolved!.Attestation.KeyId);
        Assert.Equal(good.Envelope, await store.ReadAsync(StoreLayout.AttestationHistoryKey(good.Variant, Digests.Sha256Hex(good.Envelope)), TestContext.Current.CancellationToken));
        Assert.Equal(tampered.Envelope, await store.ReadAsync(StoreLayout.AttestationKey(tampered.Variant), TestContext.Current.CancellationToken));

        (exit, output, _) = Run("resign", "--state-dir", _state);
        Assert.Contains("0 re-signed, 1 already current", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_RevokeAndMinVersion_PublishASignedPolicyWhoseSerialRises()
    {
        Assert.Equal(0, Run("keys", "generate", "--out", Path.Join(_state, "keys")).Exit);
        using var active = SigningKey.FromPemFile(KeyPath);
        using var retired = SigningKey.Generate();

        Assert.Equal(0, Run("policy", "revoke-key", retired.KeyId, "--reason", "laptop stolen", "--state-dir", _state).Exit);
        var (exit, output, _) = Run("policy", "min-version", "kagent_sample", "1.2.0", "--state-dir", _state);
        Assert.Equal(0, exit);
        Assert.Contains("serial 2", output, StringComparison.Ordinal);

        using var store = Store();
        var (policy, problem) = TrustPolicyCodec.Read(
            await store.ReadAsync(StoreLayout.TrustPolicyKey, TestContext.Current.CancellationToken), new TrustedKeyRing([active.Public]));
        Assert.Null(problem);
        Assert.Equal("laptop stolen", policy!.RevokedKeys[retired.KeyId]);
        Assert.Equal("1.2.0", policy.MinimumVersions["kagent_sample"]);
        Assert.Equal(2, policy.Serial);

        var lower = Run("policy", "min-version", "kagent_sample", "1.1.9", "--state-dir", _state);
        Assert.Equal(1, lower.Exit);
        Assert.Contains("--allow-lower", lower.Error, StringComparison.Ordinal);
        var self = Run("policy", "revoke-key", active.KeyId, "--state-dir", _state);
        Assert.Equal(1, self.Exit);
        Assert.Contains("keys rotate", self.Error, StringComparison.Ordinal);
        var bad = Run("policy", "min-version", "kagent_sample", "1.0 beta", "--state-dir", _state);
        Assert.Equal(1, bad.Exit);
        Assert.Contains("not a version", bad.Error, StringComparison.Ordinal);
    }

    private async Task<(ArtifactVariant Variant, byte[] Envelope)> PublishAsync(string version, byte[] module)
    {
        var variant = ArtifactVariant.Create(Kernel, new DriverIdentity("kagent_sample", version));
        var facts = new ProvenanceFacts(
            variant,
            [new ArtifactModule("kagent_sample", "kagent_sample.ko", ModuleInstallLocation.Default, Digests.Sha256Hex(module))],
            new string('a', 64),
            [new HeaderPackage("linux-headers-6.1.0-57-amd64", "6.1.192-3", new string('b', 64), "pkg:deb/debian/linux-headers-6.1.0-57-amd64@6.1.192-3?arch=amd64")],
            "gcc-12", "gcc-12", KernelSignature: false, "urn:kernelagent:farm:test", "0.1.0", "build-" + version,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        using var key = SigningKey.FromPemFile(KeyPath);
        var envelope = AttestationSigner.Sign(StatementFactory.Create(facts), key);
        using var store = Store();
        await ArtifactPublisher.PublishAsync(store, variant, module, envelope, TestContext.Current.CancellationToken);
        return (variant, envelope);
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = FarmCommandLine.Build().Parse(args).Invoke(new() { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
