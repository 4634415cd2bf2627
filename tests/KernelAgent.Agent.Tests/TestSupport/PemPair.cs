using System.Security.Cryptography.X509Certificates;

namespace KernelAgent.Agent.Tests.TestSupport;

/// <summary>A PEM certificate and its private key.</summary>
internal sealed record PemPair(string CertificateFile, string KeyFile)
{
    public X509Certificate2 Load() => X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
}
