namespace KernelAgent.BuildFarm.Compilation;

/// <summary>An external program (make, apt-get, dpkg, bwrap, ...) could not be started at all.</summary>
internal sealed class ExternalToolException : Exception
{
    public ExternalToolException(string tool, string message, Exception? innerException = null)
        : base(message, innerException) => Tool = tool;

    public string Tool { get; }
}
