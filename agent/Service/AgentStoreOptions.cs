using KernelAgent.Store.Backends;

namespace KernelAgent.Agent.Service;

/// <summary>
/// The backend options the agent opens its stores with: the S3 section as configured, with the agent's own store
/// timeouts applied to S3 and HTTP mirrors alike. One place, so the validator checks exactly what will be opened.
/// </summary>
internal static class AgentStoreOptions
{
    public static ArtifactStoreOptions From(AgentOptions options)
    {
        var store = new ArtifactStoreOptions { S3 = options.S3, Limits = options.StoreLimits };
        store.S3.ConnectTimeout = store.Http.ConnectTimeout = options.StoreConnectTimeout;
        store.S3.RequestTimeout = store.Http.RequestTimeout = options.StoreRequestTimeout;
        return store;
    }
}
