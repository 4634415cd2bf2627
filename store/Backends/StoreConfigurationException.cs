namespace KernelAgent.Store.Backends;

/// <summary>A store URL or its options are wrong; raised before any call is made.</summary>
public sealed class StoreConfigurationException(string url, string problem)
    : Exception($"store '{url}': {problem}")
{
    public string Url { get; } = url;
}
