using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;

namespace KernelAgent.Agent.Resolution;

/// <summary>
/// What the agent shows the farm and whom it trusts: the farm's pinned CA, the client certificate and the bearer
/// token from the files <see cref="FarmClientOptions"/> names. The certificate and the token are read again when
/// their files change, so a renewed credential needs no restart.
/// </summary>
internal sealed class FarmCredentials(FarmClientOptions options)
{
    private readonly ReloadingFile<X509Certificate2> _certificate = new(
        options.ClientCertificateFile ?? string.Empty, path => X509Certificate2.CreateFromPemFile(path, options.ClientKeyFile));

    private readonly ReloadingFile<string> _token = new(options.TokenFile ?? string.Empty, path => File.ReadAllText(path).Trim());

    /// <summary>TLS options of the channel: the pinned CA and the client certificate, or null for the defaults.</summary>
    public SslClientAuthenticationOptions? TlsOptions()
    {
        if (string.IsNullOrEmpty(options.CaFile) && string.IsNullOrEmpty(options.ClientCertificateFile))
        {
            return null;
        }

        var tls = new SslClientAuthenticationOptions();
        if (!string.IsNullOrEmpty(options.CaFile))
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(options.CaFile);
            policy.CustomTrustStore.AddRange(roots);
            tls.CertificateChainPolicy = policy;
        }

        if (!string.IsNullOrEmpty(options.ClientCertificateFile))
        {
            // Asked for at each new connection, so a renewed certificate is used from the next connection on.
            tls.LocalCertificateSelectionCallback = (_, _, _, _, _) => _certificate.Current();
        }

        return tls;
    }

    /// <summary>Adds the token file's current token to a call's headers as a bearer token.</summary>
    public Metadata AddToken(Metadata headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.Add("Authorization", "Bearer " + _token.Current());
        return headers;
    }

    /// <summary>Whether an address may carry a token: TLS, or plain text that never leaves this machine.</summary>
    public static bool MayCarryToken(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.Scheme == Uri.UriSchemeHttps || address.IsLoopback;
    }
}
