using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;

namespace KernelAgent.BuildFarm.Signing;

/// <summary>Signs provenance with the farm's key.</summary>
internal interface IAttestationSigning
{
    string KeyId { get; }

    string BuilderId { get; }

    /// <summary>Keys whose published attestations the farm accepts as hits: its own, plus any configured for rotation.</summary>
    TrustedKeyRing TrustedKeys { get; }

    byte[] Sign(ProvenanceFacts facts);

    /// <summary>The envelope with the same payload, signed by the current key; signatures by <paramref name="dropKeyIds"/> are left out.</summary>
    byte[] Resign(ReadOnlySpan<byte> envelope, IReadOnlySet<string> dropKeyIds);

    /// <summary>The store's trust policy object, signed by the current key.</summary>
    byte[] SignPolicy(KernelAgent.Store.Trust.TrustPolicy policy, DateTimeOffset issuedAt);
}
