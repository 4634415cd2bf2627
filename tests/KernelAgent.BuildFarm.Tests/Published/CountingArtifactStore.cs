using KernelAgent.Store.Backends;
using Microsoft.Extensions.DependencyInjection;

namespace KernelAgent.BuildFarm.Tests.Published;

/// <summary>The farm's own store, counting the objects read from it (whole reads and streamed copies).</summary>
internal sealed class CountingArtifactStore(IArtifactStore inner) : IArtifactStore
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public Uri Location => inner.Location;

    public bool IsWritable => inner.IsWritable;

    public StoreObjectLimits Limits => inner.Limits;

    /// <summary>Wraps the store the farm registers.</summary>
    public static void Install(IServiceCollection services)
    {
        var original = services.Single(d => d.ServiceType == typeof(IArtifactStore));
        services.Remove(original);
        services.AddSingleton(sp => new CountingArtifactStore((IArtifactStore)original.ImplementationFactory!(sp)));
        services.AddSingleton<IArtifactStore>(sp => sp.GetRequiredService<CountingArtifactStore>());
    }

    public Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.ReadAsync(key, cancellationToken);
    }

    public Task CopyToAsync(string key, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.CopyToAsync(key, destination, maxBytes, cancellationToken);
    }

    public ValueTask<string?> VersionAsync(string key, CancellationToken cancellationToken) => inner.VersionAsync(key, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

    public Task WriteAsync(string key, ReadOnlyMemory<byte> content, WriteMode mode, CancellationToken cancellationToken) =>
        inner.WriteAsync(key, content, mode, cancellationToken);

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public void Dispose() => inner.Dispose();
}
