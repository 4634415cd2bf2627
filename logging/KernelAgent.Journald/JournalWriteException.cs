namespace KernelAgent.Journald;

/// <summary>An entry could not be handed to journald; the sink drops it and counts it.</summary>
public sealed class JournalWriteException : Exception
{
    public JournalWriteException()
    {
    }

    public JournalWriteException(string message)
        : base(message)
    {
    }

    public JournalWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
