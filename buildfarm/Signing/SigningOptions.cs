namespace KernelAgent.BuildFarm.Signing;

/// <summary>Attestation signing (configuration section <c>Signing</c>).</summary>
internal sealed class SigningOptions
{
    public const string Section = "Signing";

    /// <summary>
    /// PEM Ed25519 private key (from <c>kernel-buildfarm keys generate</c>). Default: <c>keys/signing-key.pem</c>
    /// under the state folder, generated on first start when absent (the embedded default).
    /// </summary>
    public string? KeyFile { get; set; }

    /// <summary>Generate the key at <see cref="KeyFile"/> when it does not exist. Default true; turn off in production.</summary>
    public bool GenerateIfMissing { get; set; } = true;

    /// <summary>
    /// Optional folder of further public keys whose attestations count as published (key rotation: keep the
    /// previous key here so artifacts it signed stay hits). Default: only the farm's own key.
    /// </summary>
    public string? TrustedKeysDirectory { get; set; }

    /// <summary>Identifies this farm in provenance (<c>runDetails.builder.id</c>). Default <c>urn:kernelagent:farm:&lt;hostname&gt;</c>.</summary>
    public string? BuilderId { get; set; }
}
