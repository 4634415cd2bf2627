namespace KernelAgent.Agent.Loading;

/// <summary>
/// What the agent installed for a kernel, kept in the state folder for <c>kernel-agent status</c>: which module,
/// from which artifact and attestation, since when.
/// </summary>
/// <param name="Name">The module's name.</param>
/// <param name="Release">The kernel release it is installed for.</param>
/// <param name="Sha256">sha256 (hex) of the installed module file.</param>
/// <param name="AttestationSha256">sha256 (hex) of the attestation (DSSE envelope) that vouched for it.</param>
/// <param name="VariantKey">The variant's content key.</param>
/// <param name="ModulePath">The installed file, as the agent sees it (under the host root).</param>
/// <param name="InstalledAt">When these bytes were first installed.</param>
internal sealed record InstalledModuleRecord(
    string Name,
    string Release,
    string Sha256,
    string AttestationSha256,
    string VariantKey,
    string ModulePath,
    DateTimeOffset InstalledAt);
