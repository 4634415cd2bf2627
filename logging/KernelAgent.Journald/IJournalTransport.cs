namespace KernelAgent.Journald;

/// <summary>Hands one encoded native-protocol entry to journald.</summary>
internal interface IJournalTransport : IDisposable
{
    /// <exception cref="JournalWriteException">journald did not take the entry.</exception>
    void Send(ReadOnlySpan<byte> entry);
}
