using Microsoft.Extensions.Configuration;

namespace KernelAgent.Agent.Service;

/// <summary>
/// Binds the <c>Agent</c> section without stopping at the first value of the wrong type: the binder throws on the
/// first one, so when the whole section does not bind, each value is bound on its own to find every one that does
/// not convert. Those are recorded in <see cref="AgentOptions.ConfigurationErrors"/> under their own key and left
/// out; the rest is bound. The validator then reports them with every other problem at once.
/// </summary>
/// <remarks>
/// The key of a bad value comes from the configuration, never from the text of the binder's exception, so a
/// reworded runtime message cannot hide an error or name the wrong key.
/// </remarks>
internal static class AgentOptionsBinder
{
    public static void Bind(IConfiguration configuration, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        IConfiguration source = configuration;

        // A trial bind on a fresh object first: a failed bind would leave half of the values (and doubled lists) behind.
        if (Problem(source) is not null)
        {
            var good = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in configuration.GetSection(AgentOptions.Section).AsEnumerable())
            {
                if (value is null)
                {
                    continue;
                }

                if (Problem(new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build()) is { } problem)
                {
                    options.ConfigurationErrors.Add($"{key}: {problem}");
                }
                else
                {
                    good[key] = value;
                }
            }

            source = new ConfigurationBuilder().AddInMemoryCollection(good).Build();
            if (Problem(source) is { } left)
            {
                // Values that convert one by one but not together: nothing is bound, and the validator says why.
                options.ConfigurationErrors.Add($"{AgentOptions.Section}: {left}");
                return;
            }
        }

        source.GetSection(AgentOptions.Section).Bind(options);
    }

    /// <summary>Why the section does not bind (the conversion's own message), or null when it does.</summary>
    private static string? Problem(IConfiguration source)
    {
        try
        {
            source.GetSection(AgentOptions.Section).Bind(new AgentOptions());
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.InnerException?.Message ?? e.Message;
        }
    }
}
