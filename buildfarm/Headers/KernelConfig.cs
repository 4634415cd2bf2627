namespace KernelAgent.BuildFarm.Headers;

/// <summary>Reads single options from a kernel .config (Kconfig syntax: <c>CONFIG_X=value</c>, strings quoted).</summary>
internal static class KernelConfig
{
    /// <summary>The option's value with surrounding quotes removed; null when unset or absent.</summary>
    public static string? ReadValue(string configPath, string option)
    {
        if (!File.Exists(configPath))
        {
            return null;
        }

        var prefix = option + "=";
        foreach (var line in File.ReadLines(configPath))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                var value = line[prefix.Length..];
                return value.Length >= 2 && value[0] == '"' && value[^1] == '"'
                    ? value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal)
                    : value;
            }
        }

        return null;
    }

    public static bool IsEnabled(string configPath, string option) => ReadValue(configPath, option) is "y" or "m";
}
