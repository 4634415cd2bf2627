namespace KernelAgent.BuildFarm.Signing;

/// <summary>
/// The kernel's own module signature (configuration section <c>KernelSigning</c>), for hosts with Secure
/// Boot or <c>module.sig_enforce=1</c>. Off by default: a key the hosts do not trust (MOK) adds nothing.
/// </summary>
internal sealed class KernelSigningOptions
{
    public const string Section = "KernelSigning";

    /// <summary>X.509 certificate (PEM or DER) whose key the hosts enrolled. Both files set turns signing on.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key of the certificate.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Hash algorithm for sign-file. Default sha256.</summary>
    public string Hash { get; set; } = "sha256";

    /// <summary>Timeout of one sign-file run. Default 60 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    public bool Enabled => !string.IsNullOrEmpty(CertificateFile) && !string.IsNullOrEmpty(KeyFile);
}
