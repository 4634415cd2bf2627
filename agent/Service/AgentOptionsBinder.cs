using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace KernelAgent.Agent.Service;

/// <summary>
/// Binds the <c>Agent</c> section without stopping at the first value of the wrong type: the binder throws on the
/// first one, so each such value is recorded in <see cref="AgentOptions.ConfigurationErrors"/>, left out, and the
/// rest bound again. The validator then reports these with every other problem at once.
/// </summary>
internal static partial class AgentOptionsBinder
{
    public static void Bind(IConfiguration configuration, AgentOptions options)
    {
        var source = configuration;
        Dictionary<string, string?>? values = null;
        while (true)
        {
            try
            {
                source.GetSection(AgentOptions.Section).Bind(new AgentOptions());
                break;
            }
            catch (InvalidOperationException e) when (BadValue().Match(e.Message) is { Success: true } match)
            {
                var path = match.Groups["path"].Value;
                options.ConfigurationErrors.Add($"{path}: {e.InnerException?.Message ?? e.Message}");
                values ??= configuration.AsEnumerable().ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
                if (!values.Remove(path))
                {
                    return;
                }

                source = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
            }
        }

        // A trial bind on a fresh object first: a failed bind would leave half of the values (and doubled lists) behind.
        source.GetSection(AgentOptions.Section).Bind(options);
    }

    /// <summary>ConfigurationBinder's message: "Failed to convert configuration value '...' at 'Agent:X' to type 'T'."</summary>
    [GeneratedRegex(@" at '(?<path>[^']+)' to type '", RegexOptions.CultureInvariant)]
    private static partial Regex BadValue();
}
