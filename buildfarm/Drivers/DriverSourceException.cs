namespace KernelAgent.BuildFarm.Drivers;

/// <summary>A driver source cannot be used: missing, unreadable, or containing entries a source may not have.</summary>
internal class DriverSourceException : Exception
{
    public DriverSourceException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
