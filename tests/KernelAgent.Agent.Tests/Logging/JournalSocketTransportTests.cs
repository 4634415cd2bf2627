using KernelAgent.Journald;
using System.Net.Sockets;
using KernelAgent.Agent.Logging;

namespace KernelAgent.Agent.Tests.Logging;

/// <summary>The transport against a datagram socket the test owns, standing in for journald's.</summary>
public sealed class JournalSocketTransportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ka-journal-").FullName;
    private readonly Socket _receiver = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public JournalSocketTransportTests()
    {
        _receiver.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _receiver.ReceiveTimeout = 5000;
    }

    private string SocketPath => Path.Combine(_directory, "socket");

    [Fact]
    public void Send_SmallEntry_ArrivesAsOneDatagram()
    {
        using var transport = new JournalSocketTransport(SocketPath, TimeSpan.FromSeconds(1));
        var entry = "MESSAGE=hello\nPRIORITY=6\n"u8.ToArray();

        transport.Send(entry);

        var buffer = new byte[4096];
        var received = _receiver.Receive(buffer);
        Assert.Equal(entry, buffer[..received]);
    }

    [Fact]
    public void Send_EntryLargerThanADatagram_SendsAnEmptyDatagramCarryingTheMemfd()
    {
        using var transport = new JournalSocketTransport(SocketPath, TimeSpan.FromSeconds(1));
        var entry = new byte[1024 * 1024];

        transport.Send(entry);

        // The payload travels in the passed descriptor; the datagram itself is empty (sd_journal_sendv does the same).
        Assert.Equal(0, _receiver.Receive(new byte[16]));
    }

    [Fact]
    public void Send_NoSocket_ThrowsJournalWriteExceptionNamingThePath()
    {
        var missing = Path.Combine(_directory, "missing");
        using var transport = new JournalSocketTransport(missing, TimeSpan.FromSeconds(1));

        var error = Assert.Throws<JournalWriteException>(() => transport.Send("MESSAGE=x\n"u8));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Send_NoSocketForLargeEntry_ThrowsJournalWriteException()
    {
        var missing = Path.Combine(_directory, "missing");
        using var transport = new JournalSocketTransport(missing, TimeSpan.FromSeconds(1));

        var error = Assert.Throws<JournalWriteException>(() => transport.Send(new byte[1024 * 1024]));

        Assert.Contains("memfd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PathTooLongForASocketAddress_ThrowsJournalWriteExceptionNamingThePath()
    {
        var tooLong = "/" + new string('x', 200) + "/socket";

        var error = Assert.Throws<JournalWriteException>(() => new JournalSocketTransport(tooLong, TimeSpan.FromSeconds(1)));

        Assert.Contains(tooLong, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _receiver.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
