namespace KernelAgent.BuildFarm.Demand;

/// <summary>A demand document in the store that cannot be read: the message names the object.</summary>
internal sealed class DemandDocumentException : Exception
{
    public DemandDocumentException(string message)
        : base(message)
    {
    }

    public DemandDocumentException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
