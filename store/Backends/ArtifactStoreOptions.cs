namespace KernelAgent.Store.Backends;

/// <summary>Options shared by the network backends created by <see cref="ArtifactStoreFactory"/>.</summary>
public sealed class ArtifactStoreOptions
{
    /// <summary>Time to establish a connection to the store. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time for one whole request, body included. Default 60 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
