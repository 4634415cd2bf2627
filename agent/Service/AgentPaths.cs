namespace KernelAgent.Agent.Service;

/// <summary>
/// The one place where every configured path of the agent becomes absolute (against the working folder at start):
/// the host root, the trusted keys, cache and state folders, and stores given as plain paths. depmod and the other
/// tools the agent runs then see the same folders whatever their own working folder.
/// </summary>
internal static class AgentPaths
{
    public static void MakeAbsolute(AgentOptions options)
    {
        options.HostRoot = Absolute(options.HostRoot);
        options.TrustedKeysDirectory = Absolute(options.TrustedKeysDirectory);
        options.CacheDirectory = Absolute(options.CacheDirectory);
        options.StateDirectory = Absolute(options.StateDirectory);
        for (var i = 0; i < options.Stores.Count; i++)
        {
            if (!options.Stores[i].Contains("://", StringComparison.Ordinal))
            {
                options.Stores[i] = Absolute(options.Stores[i]);
            }
        }
    }

    /// <summary>Blank stays blank: the validator names it.</summary>
    private static string Absolute(string path) => string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(path);
}
