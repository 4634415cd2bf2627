using System.Diagnostics;
using System.Security.Cryptography;

namespace KernelAgent.Agent.Tests.TestSupport;

/// <summary>
/// A throwaway PKI made with the openssl command line in a temp folder: a CA, the farm's server certificate
/// (127.0.0.1 and localhost), client certificates with SPIFFE-style URI SANs, and a CA the farm does not trust.
/// Also linked into the farm's auth tests.
/// </summary>
internal sealed class OpenSslCertificates : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("kernelagent-pki-");

    public OpenSslCertificates()
    {
        Ca = CreateCa("ca", "KernelAgent test CA");
        RogueCa = CreateCa("rogue-ca", "Some other CA");
        Server = CreateLeaf("server", Ca, "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost", "extendedKeyUsage=serverAuth");
    }

    public string Folder => _folder.FullName;

    public PemPair Ca { get; }

    public PemPair RogueCa { get; }

    public PemPair Server { get; }

    /// <summary>A client certificate whose identity is the URI SAN <paramref name="spiffeId"/>.</summary>
    public PemPair Client(string name, string spiffeId, bool rogue = false) =>
        CreateLeaf(name, rogue ? RogueCa : Ca, name, $"subjectAltName=URI:{spiffeId}", "extendedKeyUsage=clientAuth");

    public void Dispose() => _folder.Delete(recursive: true);

    private PemPair CreateCa(string name, string commonName)
    {
        var pair = new PemPair(Path.Join(Folder, name + ".pem"), Path.Join(Folder, name + ".key"));
        OpenSsl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", pair.KeyFile, "-out", pair.CertificateFile,
            "-days", "2", "-subj", "/CN=" + commonName, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return pair;
    }

    private PemPair CreateLeaf(string name, PemPair ca, string commonName, string subjectAltName, string extendedKeyUsage)
    {
        var pair = new PemPair(Path.Join(Folder, name + ".pem"), Path.Join(Folder, name + ".key"));
        var request = Path.Join(Folder, name + ".csr");
        OpenSsl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", pair.KeyFile, "-out", request,
            "-subj", "/CN=" + commonName, "-addext", subjectAltName, "-addext", extendedKeyUsage);
        OpenSsl("x509", "-req", "-in", request, "-CA", ca.CertificateFile, "-CAkey", ca.KeyFile, "-set_serial", "0x" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
            "-out", pair.CertificateFile, "-days", "2", "-copy_extensions", "copyall");
        return pair;
    }

    private static void OpenSsl(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}");
        }
    }
}
