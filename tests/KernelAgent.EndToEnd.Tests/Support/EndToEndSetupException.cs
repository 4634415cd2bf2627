namespace KernelAgent.EndToEnd.Tests.Support;

/// <summary>A step that prepares the end-to-end run (a script, the farm, a download) failed; the message says which and why.</summary>
public sealed class EndToEndSetupException : Exception
{
    public EndToEndSetupException(string message)
        : base(message)
    {
    }

    public EndToEndSetupException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
