using System.Security.Cryptography;
using System.Text;
using KernelAgent.BuildFarm.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Headers.Roots;

/// <summary>
/// One extracted, read-only headers root per exact package set, kept between builds under
/// <see cref="HeaderRootsOptions.Directory"/> (<c>&lt;state dir&gt;/headers-roots/&lt;key&gt;</c>), so a later build of the
/// same kernel compiles at once. A missing root is extracted under a temp name, made read-only and renamed into place,
/// so a root that has its final name is complete; two builds extracting the same root at once both succeed and one
/// copy is kept. At most <see cref="HeaderRootsOptions.Keep"/> roots stay; the least recently used ones that no
/// running build holds are deleted. One farm process owns the folder: leases are counted in this process.
/// </summary>
internal sealed class HeaderRoots
{
    private const string StagingPrefix = ".staging-";
    private const string EvictedPrefix = ".evicted-";

    private readonly string _directory;
    private readonly int _keep;
    private readonly TimeProvider _time;
    private readonly ILogger<HeaderRoots> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _leases = new(StringComparer.Ordinal);
    private bool _leftoversRemoved;

    public HeaderRoots(IOptions<HeaderRootsOptions> options, IOptions<FarmStateOptions> state, TimeProvider time, ILogger<HeaderRoots> logger)
    {
        _directory = Path.GetFullPath(options.Value.Directory ?? Path.Join(state.Value.StateDirectory, "headers-roots"));
        _keep = options.Value.Keep;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The folder name of a package set's root: a digest of the very record the source writes into the root
    /// (<see cref="ExtractedHeaders.Manifest"/>: the kernel, each package's name, version, architecture, sha256, size
    /// and location), so a root found under that name is one the source accepts for reuse.
    /// </summary>
    public static string Key(HeaderPackageSet set) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ExtractedHeaders.Manifest(set))))[..32];

    /// <summary>The target's headers in its kept root, extracted first when that root is not on disk yet.</summary>
    /// <exception cref="InvalidKernelTargetException">The target's fields cannot name an exact build.</exception>
    /// <exception cref="HeaderSourceException">Resolution, download or extraction failed (a <see cref="HeadersUnavailableException"/> when the build is in no repository).</exception>
    public async Task<HeaderRootLease> AcquireAsync(
        IHeaderSource source, KernelTarget target, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        var key = Key(await source.ResolveAsync(target, cancellationToken));
        var root = Path.Join(_directory, key);
        Lease(key);
        try
        {
            var started = _time.GetTimestamp();
            KernelHeaders headers;
            bool reused;
            if (System.IO.Directory.Exists(root) && await TryReuseAsync(source, target, root, key, progress, cancellationToken) is { } kept)
            {
                headers = kept;
                reused = true;
                HeadersLog.RootReused(_logger, target, root);
            }
            else
            {
                headers = Rebase(await ExtractAsync(source, target, root, progress, cancellationToken), root);
                reused = false;
                HeadersLog.RootExtracted(_logger, target, root, _time.GetElapsedTime(started).TotalSeconds);
            }

            System.IO.Directory.SetLastWriteTimeUtc(root, _time.GetUtcNow().UtcDateTime);
            Evict();
            return new HeaderRootLease(headers, reused, () => Release(key));
        }
        catch
        {
            Release(key);
            throw;
        }
    }

    /// <summary>
    /// The headers in an existing root; null when the source refuses that root (damaged, or changed by hand) and no
    /// other build holds it: it is then moved aside and deleted, and the caller extracts a fresh one.
    /// </summary>
    private async Task<KernelHeaders?> TryReuseAsync(
        IHeaderSource source, KernelTarget target, string root, string key, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await source.FetchAsync(target, root, progress, cancellationToken);
        }
        catch (HeaderSourceException e) when (e is not HeadersUnavailableException)
        {
            string discarded;
            lock (_gate)
            {
                if (_leases[key] > 1)
                {
                    throw;
                }

                discarded = Path.Join(_directory, EvictedPrefix + Guid.NewGuid().ToString("N"));
                System.IO.Directory.Move(root, discarded);
            }

            HeadersLog.RootRefused(_logger, root, e.Message);
            TryDelete(discarded);
            return null;
        }
    }

    private async Task<KernelHeaders> ExtractAsync(
        IHeaderSource source, KernelTarget target, string root, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        var staging = Path.Join(_directory, StagingPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            var headers = await source.FetchAsync(target, staging, progress, cancellationToken);
            ReadOnlyTree.MakeReadOnly(staging);
            try
            {
                System.IO.Directory.Move(staging, root);
            }
            catch (IOException) when (System.IO.Directory.Exists(root))
            {
                // Another build of the same packages renamed its identical root into place first: use that one.
                ReadOnlyTree.Delete(staging);
            }

            return headers with { RootDirectory = staging };
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    // The source located the headers in the staging folder; the same files are now under the root's final name.
    private static KernelHeaders Rebase(KernelHeaders headers, string root)
    {
        string Moved(string path) => Path.Join(root, Path.GetRelativePath(headers.RootDirectory, path));
        return headers with
        {
            RootDirectory = root,
            BuildDirectory = Moved(headers.BuildDirectory),
            MakefilePath = headers.MakefilePath is null ? null : Moved(headers.MakefilePath),
        };
    }

    private void Lease(string key)
    {
        lock (_gate)
        {
            if (!_leftoversRemoved)
            {
                // Staging and evicted folders of a farm that stopped mid-way; no build of this process has started one yet.
                System.IO.Directory.CreateDirectory(_directory);
                foreach (var leftover in new DirectoryInfo(_directory).EnumerateDirectories(".*"))
                {
                    TryDelete(leftover.FullName);
                }

                _leftoversRemoved = true;
            }

            _leases[key] = _leases.GetValueOrDefault(key) + 1;
        }
    }

    private void Release(string key)
    {
        lock (_gate)
        {
            if (--_leases[key] == 0)
            {
                _leases.Remove(key);
            }
        }

        Evict();
    }

    private void Evict()
    {
        var victims = new List<string>();
        lock (_gate)
        {
            var roots = new DirectoryInfo(_directory).EnumerateDirectories()
                .Where(d => !d.Name.StartsWith('.'))
                .OrderByDescending(d => d.LastWriteTimeUtc)
                .ThenBy(d => d.Name, StringComparer.Ordinal)
                .Skip(_keep)
                .Where(d => !_leases.ContainsKey(d.Name));
            foreach (var root in roots)
            {
                // Renamed while holding the lock, so no build can lease it any more; deleted outside it.
                var name = root.FullName;
                var evicted = Path.Join(_directory, EvictedPrefix + Guid.NewGuid().ToString("N"));
                try
                {
                    root.MoveTo(evicted);
                    victims.Add(evicted);
                    HeadersLog.RootEvicted(_logger, name, _keep);
                }
                catch (IOException e)
                {
                    HeadersLog.RootNotDeleted(_logger, name, e.Message);
                }
            }
        }

        victims.ForEach(TryDelete);
    }

    private void TryDelete(string path)
    {
        try
        {
            ReadOnlyTree.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            HeadersLog.RootNotDeleted(_logger, path, e.Message);
        }
    }
}
