using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelAgent.Store.Backends.FileSystem;

/// <summary>
/// A store in a local folder (<c>file:///path</c>). Every write goes to a temp file in the target folder,
/// is flushed to disk and then renamed (overwrite) or linked (create-new) into place, so a reader sees
/// either nothing or the whole object, and two writers racing for one key cannot both win.
/// </summary>
internal sealed class DirectoryArtifactStore : IArtifactStore
{
    /// <summary>Temp files start with this; listings skip them and no valid key segment can match it.</summary>
    internal const string TempPrefix = ".tmp-";

    private readonly string _root;

    public DirectoryArtifactStore(Uri location)
    {
        Location = location;
        _root = Path.GetFullPath(location.LocalPath);
    }

    public Uri Location { get; }

    public bool IsWritable => true;

    public async Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(Location, key);
        try
        {
            // Never through a link, never a directory or a FIFO: a link placed in the store (to the signing key,
            // to /etc/passwd) must not turn a store read into a read of anything else on the machine.
            using var handle = NoFollowFile.OpenRegular(Location, _root, key);
            await using var stream = new FileStream(handle, FileAccess.Read, 1, isAsync: false);
            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes, cancellationToken);
            return bytes.ToArray();
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StoreException(StoreErrorKind.AccessDenied, Location, key, e.Message, e);
        }
        catch (IOException e)
        {
            throw new StoreException(StoreErrorKind.Failed, Location, key, e.Message, e);
        }
    }

    public StoreObjectLimits Limits { get; internal set; } = StoreObjectLimits.Default;

    public async Task CopyToAsync(string key, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(Location, key);
        try
        {
            // The same no-link, regular-file-only open as ReadAsync.
            using var handle = NoFollowFile.OpenRegular(Location, _root, key);
            await using var source = new FileStream(handle, FileAccess.Read, 1, isAsync: false);
            BoundedCopy.CheckAnnounced(source.Length, maxBytes, Location, key);
            await BoundedCopy.CopyAsync(source, destination, maxBytes, Location, key, cancellationToken);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StoreException(StoreErrorKind.AccessDenied, Location, key, e.Message, e);
        }
        catch (IOException e)
        {
            throw new StoreException(StoreErrorKind.Failed, Location, key, e.Message, e);
        }
    }

    public ValueTask<string?> VersionAsync(string key, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(Location, key);
        return ValueTask.FromResult<string?>(NoFollowFile.Version(Location, Path.Join(_root, key), key));
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(Location, key);
        try
        {
            NoFollowFile.OpenRegular(Location, _root, key).Dispose();
            return Task.FromResult(true);
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
        {
            return Task.FromResult(false);
        }
    }

    public async Task WriteAsync(string key, ReadOnlyMemory<byte> content, WriteMode mode, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var folder = Path.GetDirectoryName(path)!;
        var temp = Path.Join(folder, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(folder);
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            if (mode == WriteMode.Overwrite)
            {
                File.Move(temp, path, overwrite: true);
            }
            else
            {
                CreateNew(temp, path, key);
            }
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StoreException(StoreErrorKind.AccessDenied, Location, key, e.Message, e);
        }
        catch (IOException e)
        {
            throw new StoreException(StoreErrorKind.Failed, Location, key, e.Message, e);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = prefix.EndsWith('/') ? PathOf(prefix.TrimEnd('/')) : Path.GetDirectoryName(PathOf(prefix))!;
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Path.GetFileName(file).StartsWith(TempPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var key = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return key;
            }
        }

        await Task.CompletedTask;
    }

    private void CreateNew(string temp, string path, string key)
    {
        if (LibC.Link(temp, path) == 0)
        {
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == LibC.EEXIST)
        {
            throw new StoreException(StoreErrorKind.Conflict, Location, key, "an object with this key was already published");
        }

        throw new StoreException(StoreErrorKind.Failed, Location, key, $"link(2) failed: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    public void Dispose()
    {
    }

    private string PathOf(string key)
    {
        StoreKeys.Validate(Location, key.TrimEnd('/'));
        return Path.Join(_root, key);
    }
}
