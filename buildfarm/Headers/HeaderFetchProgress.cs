namespace KernelAgent.BuildFarm.Headers;

/// <summary>
/// Progress of one header package: reported when its fetch starts and when it is in the cache
/// (then <see cref="BytesDone"/> equals <see cref="Package"/>.Size).
/// </summary>
/// <param name="Package">Name, version and sha256 of the package, for provenance.</param>
/// <param name="BytesDone">Bytes available locally so far.</param>
/// <param name="FromCache">True when the package came from the headers cache without any download.</param>
internal sealed record HeaderFetchProgress(HeaderPackage Package, long BytesDone, bool FromCache)
{
    public bool Completed => BytesDone >= Package.Size;
}
