namespace KernelAgent.BuildFarm.Headers;

/// <summary>
/// A downloaded package's bytes do not hash to the sha256 its repository index names. Not a miss: the
/// package exists but is not the one the index vouches for, so the farm refuses it rather than looking elsewhere.
/// </summary>
internal sealed class PackageDigestMismatchException : HeaderSourceException
{
    public PackageDigestMismatchException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
