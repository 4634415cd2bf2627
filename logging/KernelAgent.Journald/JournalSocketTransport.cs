using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static KernelAgent.Journald.LoggingNativeMethods;

namespace KernelAgent.Journald;

/// <summary>
/// Sends entries as datagrams to journald's native socket. An entry larger than a datagram may be
/// (EMSGSIZE, or ENOBUFS) goes into a sealed memfd whose descriptor is sent instead, as sd_journal_sendv()
/// does; journald reads and closes it (systemd "Native Journal Protocol" document).
/// </summary>
internal sealed unsafe class JournalSocketTransport : IJournalTransport
{
    private const string MemfdName = "journal-entry";
    private const int Seals = SealShrink | SealGrow | SealWrite | SealSeal;

    private readonly string _socketPath;
    private readonly UnixDomainSocketEndPoint _endPoint;
    private readonly SocketAddress _address;
    private readonly Socket _socket;

    /// <summary>The send timeout bounds a write to a full journald queue, so logging never hangs the program.</summary>
    /// <exception cref="JournalWriteException">The path cannot be a Unix socket address.</exception>
    public JournalSocketTransport(string socketPath, TimeSpan sendTimeout)
    {
        _socketPath = socketPath;
        try
        {
            _endPoint = new UnixDomainSocketEndPoint(socketPath);
        }
        catch (ArgumentException e)
        {
            throw new JournalWriteException(
                $"The journald socket path {socketPath} cannot be a Unix socket address (at most 107 bytes): {e.Message}", e);
        }

        _address = _endPoint.Serialize();
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified)
        {
            SendTimeout = (int)sendTimeout.TotalMilliseconds,
        };
    }

    public void Send(ReadOnlySpan<byte> entry)
    {
        try
        {
            _socket.SendTo(entry, SocketFlags.None, _endPoint);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.MessageSize or SocketError.NoBufferSpaceAvailable)
        {
            SendThroughMemfd(entry);
        }
        catch (SocketException e)
        {
            throw new JournalWriteException(
                $"journald at {_socketPath} did not take a {entry.Length}-byte entry: {e.Message} ({e.SocketErrorCode}).", e);
        }
        catch (ObjectDisposedException e)
        {
            throw new JournalWriteException($"The journald socket for {_socketPath} is already closed.", e);
        }
    }

    public void Dispose() => _socket.Dispose();

    private void SendThroughMemfd(ReadOnlySpan<byte> entry)
    {
        var fd = MemfdCreate(MemfdName, MemfdCloseOnExec | MemfdAllowSealing);
        if (fd < 0)
        {
            throw Failure("memfd_create", entry.Length);
        }

        try
        {
            WriteAll(fd, entry);
            if (Fcntl(fd, FcntlAddSeals, Seals) < 0)
            {
                throw Failure("sealing the memfd", entry.Length);
            }

            SendDescriptor(fd, entry.Length);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private void WriteAll(int fd, ReadOnlySpan<byte> entry)
    {
        fixed (byte* start = entry)
        {
            var offset = 0;
            while (offset < entry.Length)
            {
                var written = Write(fd, start + offset, (nuint)(entry.Length - offset));
                if (written < 0)
                {
                    throw Failure("writing the memfd", entry.Length);
                }

                offset += (int)written;
            }
        }
    }

    private void SendDescriptor(int fd, int entryLength)
    {
        // CMSG_SPACE(sizeof(int)): the header, then the int rounded up to size_t alignment.
        var headerSize = sizeof(ControlMessageHeader);
        var controlSize = headerSize + sizeof(nuint);
        var control = stackalloc byte[controlSize];
        new Span<byte>(control, controlSize).Clear();
        var header = (ControlMessageHeader*)control;
        header->Length = (nuint)(headerSize + sizeof(int));
        header->Level = SolSocket;
        header->Type = ScmRights;
        *(int*)(control + headerSize) = fd;

        fixed (byte* address = _address.Buffer.Span)
        {
            var message = new MessageHeader
            {
                Name = address,
                NameLength = (uint)_address.Size,
                Control = control,
                ControlLength = (nuint)controlSize,
            };
            if (SendMessage(_socket.SafeHandle, &message, MsgNoSignal) < 0)
            {
                throw Failure("sending the memfd", entryLength);
            }
        }
    }

    private JournalWriteException Failure(string step, int entryLength)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new JournalWriteException(
            $"journald at {_socketPath} did not take a {entryLength}-byte entry through a memfd: {step} failed with " +
            $"errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}).");
    }
}
