using KernelAgent.Journald;
using KernelAgent.Agent.Logging;

namespace KernelAgent.Agent.Tests.Logging;

internal sealed class CapturingJournalTransport : IJournalTransport
{
    public List<byte[]> Entries { get; } = [];

    public Exception? FailWith { get; set; }

    public void Send(ReadOnlySpan<byte> entry)
    {
        if (FailWith is not null)
        {
            throw FailWith;
        }

        Entries.Add(entry.ToArray());
    }

    public void Dispose()
    {
    }
}
