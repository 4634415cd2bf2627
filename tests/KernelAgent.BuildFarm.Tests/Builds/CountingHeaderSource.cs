using KernelAgent.BuildFarm.Headers;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>A header source for "debian" that counts fetches, returns an empty root, and throws when told to.</summary>
internal sealed class CountingHeaderSource : IHeaderSource
{
    private int _fetches;

    public int Fetches => Volatile.Read(ref _fetches);

    public Func<KernelTarget, Exception?> FailWith { get; set; } = _ => null;

    public string Family => "Debian";

    public bool Serves(KernelTarget target) => target.DistroId == "debian";

    public void CheckTarget(KernelTarget target)
    {
    }

    public Task<HeaderPackageSet> ResolveAsync(KernelTarget target, CancellationToken cancellationToken) =>
        Task.FromResult(new HeaderPackageSet(target, [Package(target)]));

    public Task<KernelHeaders> FetchAsync(KernelTarget target, string rootDirectory, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fetches);
        if (FailWith(target) is { } failure)
        {
            throw failure;
        }

        var package = Package(target);
        progress?.Report(new HeaderFetchProgress(package, package.Size, FromCache: true));
        Directory.CreateDirectory(rootDirectory);
        return Task.FromResult(new KernelHeaders(target, rootDirectory, rootDirectory, null, FakeModuleBuilder.Compiler, [package], 1));
    }

    private static HeaderPackage Package(KernelTarget target) =>
        new($"linux-headers-{target.KernelRelease}", "6.1.192-2", "amd64", new string('c', 64), 1000, null);
}
