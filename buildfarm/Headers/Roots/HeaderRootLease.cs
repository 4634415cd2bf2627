namespace KernelAgent.BuildFarm.Headers.Roots;

/// <summary>
/// A build's use of one kept headers root: while held, the root is never evicted. Dispose when the build no longer
/// reads the headers (after kernel signing).
/// </summary>
internal sealed class HeaderRootLease(KernelHeaders headers, bool reused, Action release) : IDisposable
{
    private int _released;

    /// <summary>The headers, located in the kept root.</summary>
    public KernelHeaders Headers { get; } = headers;

    /// <summary>True when the root was already on disk, so no package was extracted.</summary>
    public bool Reused { get; } = reused;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }
    }
}
