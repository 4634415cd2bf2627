using KernelAgent.BuildFarm.Headers;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>
/// A header source for "debian" that counts fetches and extractions, reuses a root that exists (as real sources do),
/// extracts into a missing one a single file (after <see cref="ExtractionDelay"/>), and throws when told to.
/// </summary>
internal sealed class CountingHeaderSource : IHeaderSource
{
    public const string ExtractedFile = "extracted.txt";

    private int _fetches;
    private int _extractions;

    public int Fetches => Volatile.Read(ref _fetches);

    public int Extractions => Volatile.Read(ref _extractions);

    public TimeSpan ExtractionDelay { get; set; }

    public Func<KernelTarget, Exception?> FailWith { get; set; } = _ => null;

    public string Family => "Debian";

    public bool Serves(KernelTarget target) => target.DistroId == "debian";

    public void CheckTarget(KernelTarget target)
    {
    }

    public Task<HeaderPackageSet> ResolveAsync(KernelTarget target, CancellationToken cancellationToken) =>
        Task.FromResult(new HeaderPackageSet(target, [Package(target)]));

    public async Task<KernelHeaders> FetchAsync(KernelTarget target, string rootDirectory, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fetches);
        if (FailWith(target) is { } failure)
        {
            throw failure;
        }

        var package = Package(target);
        progress?.Report(new HeaderFetchProgress(package, package.Size, FromCache: true));
        if (Directory.Exists(rootDirectory) && !File.Exists(Path.Join(rootDirectory, ExtractedFile)))
        {
            throw new HeaderSourceException($"The headers root '{rootDirectory}' already exists but was not extracted from the packages of {target}.");
        }

        if (!Directory.Exists(rootDirectory))
        {
            Interlocked.Increment(ref _extractions);
            await Task.Delay(ExtractionDelay, cancellationToken);
            Directory.CreateDirectory(rootDirectory);
            await File.WriteAllTextAsync(Path.Join(rootDirectory, ExtractedFile), target.ToString(), cancellationToken);
        }

        return new KernelHeaders(target, rootDirectory, rootDirectory, null, FakeModuleBuilder.Compiler, [package], 1);
    }

    private static HeaderPackage Package(KernelTarget target) =>
        new($"linux-headers-{target.KernelRelease}", "6.1.192-2", "amd64", new string('c', 64), 1000, null);
}
