using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace KernelAgent.BuildFarm.Auth;

/// <summary>Token issuers' public keys from PEM files.</summary>
internal static class JwtSigningKeys
{
    /// <exception cref="CryptographicException">Neither an RSA nor an EC public key.</exception>
    public static SecurityKey Load(string path)
    {
        var pem = File.ReadAllText(path);
        var label = PemEncoding.TryFind(pem, out var fields) ? pem[fields.Label] : throw new CryptographicException("no PEM block in the file");
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            // Not RSA: try EC below.
            rsa.Dispose();
        }

        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            ec.Dispose();
            throw new CryptographicException($"'{label}' is neither an RSA nor an EC key: {e.Message}", e);
        }
    }
}
