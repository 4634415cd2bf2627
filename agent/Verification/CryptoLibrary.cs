using KernelAgent.Store.Attestations.Keys;

namespace KernelAgent.Agent.Verification;

/// <summary>
/// libsodium, which NSec uses for Ed25519, is a native library shipped beside the agent. Without it every
/// verification fails deep inside the crypto library with a stack trace; checked first, it is one clear line.
/// </summary>
internal static class CryptoLibrary
{
    /// <summary>Null when Ed25519 works; else what is wrong and what to do.</summary>
    public static string? Problem()
    {
        try
        {
            using var probe = SigningKey.Generate();
            return null;
        }
        catch (Exception e) when (e is PlatformNotSupportedException or DllNotFoundException or TypeInitializationException)
        {
            var cause = e;
            while (cause.InnerException is not null)
            {
                cause = cause.InnerException;
            }

            return "cannot load libsodium, which checks the attestations' Ed25519 signatures: it ships beside kernel-agent " +
                   $"(the packages install it in /usr/lib/kernel-agent/); reinstall the package ({cause.Message.Split('\n')[0].Trim()})";
        }
    }
}
