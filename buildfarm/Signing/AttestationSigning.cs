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
        var path = o.KeyFile ?? Path.Join(state.Value.StateDirectory, "keys", "signing-key.pem");
        if (!File.Exists(path) && o.GenerateIfMissing)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var fresh = SigningKey.Generate();
            fresh.WriteTo(path, Path.ChangeExtension(path, ".pub"));
        }

        _key = SigningKey.FromPemFile(path);
        BuilderId = o.BuilderId ?? "urn:kernelagent:farm:" + Environment.MachineName;
        var extra = o.TrustedKeysDirectory is { } dir ? TrustedKeyRing.FromDirectory(dir).Keys : [];
        TrustedKeys = new TrustedKeyRing([_key.Public, .. extra]);
    }

    public string KeyId => _key.KeyId;

    public string BuilderId { get; }

    public TrustedKeyRing TrustedKeys { get; }

    public byte[] Sign(ProvenanceFacts facts) => AttestationSigner.Sign(StatementFactory.Create(facts), _key);

    public void Dispose() => _key.Dispose();
}
