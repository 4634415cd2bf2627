namespace KernelAgent.BuildFarm.Headers;

/// <summary>A header repository, the headers cache or a package tool failed.</summary>
internal class HeaderSourceException : Exception
{
    public HeaderSourceException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
