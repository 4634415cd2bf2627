using KernelAgent.BuildFarm.State;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Signing;

/// <summary>Loads the farm's signing key once (generating it for the embedded default) and signs with it.</summary>
internal sealed class AttestationSigning : IAttestationSigning, IDisposable
{
    private readonly SigningKey _key;

    public AttestationSigning(IOptions<SigningOptions> options, IOptions<FarmStateOptions> state)
    {
        var o = options.Value;
        var path = ActiveKeyPath(o, state.Value);
        if (!File.Exists(path) && o.GenerateIfMissing)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var fresh = SigningKey.Generate();
            fresh.WriteTo(path, Path.ChangeExtension(path, ".pub"));
        }

        _key = SigningKey.FromPemFile(path);
        BuilderId = o.BuilderId ?? "urn:kernelagent:farm:" + Environment.MachineName;
        var extra = o.TrustedKeysDirectory is { } dir ? TrustedKeyRing.FromDirectory(dir).Keys : [];
        // Keys retired by `keys rotate`: what they signed stays published until `resign` has run.
        var previousDir = KeyRotation.PreviousKeysDirectory(path);
        var previous = Directory.Exists(previousDir) && Directory.EnumerateFiles(previousDir, "*.pub").Any()
            ? TrustedKeyRing.FromDirectory(previousDir).Keys
            : [];
        TrustedKeys = new TrustedKeyRing([_key.Public, .. extra, .. previous]);
    }

    public string KeyId => _key.KeyId;

    /// <summary>The active private key file: <see cref="SigningOptions.KeyFile"/>, or keys/signing-key.pem under the state folder.</summary>
    public static string ActiveKeyPath(SigningOptions signing, FarmStateOptions state) =>
        signing.KeyFile ?? Path.Join(state.StateDirectory, "keys", "signing-key.pem");

    public string BuilderId { get; }

    public TrustedKeyRing TrustedKeys { get; }

    public byte[] Sign(ProvenanceFacts facts) => AttestationSigner.Sign(StatementFactory.Create(facts), _key);

    public byte[] Resign(ReadOnlySpan<byte> envelope, IReadOnlySet<string> dropKeyIds) => AttestationSigner.Resign(envelope, _key, dropKeyIds);

    public byte[] SignPolicy(KernelAgent.Store.Trust.TrustPolicy policy, DateTimeOffset issuedAt) => KernelAgent.Store.Trust.TrustPolicyCodec.Sign(policy, issuedAt, _key);

    public void Dispose() => _key.Dispose();
}
