using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KernelAgent.Agent.Tests.TestSupport;

/// <summary>
/// Ports on 127.0.0.1 for the servers tests start, and ones known to be closed. This one file is linked into
/// every test project. The farm refuses port 0 (it must know its own address to tell agents where the store
/// mirror is), and a test of a store or farm that is down needs a port where a connect is refused at once.
/// </summary>
/// <remarks>
/// Ports come from below the kernel's ephemeral range (net.ipv4.ip_local_port_range): a port the kernel hands
/// out for port 0 is soon handed out again for some outgoing connection of another test, which then holds it
/// when the server starts ("Address already in use"). No port is handed out twice by one test process.
/// </remarks>
internal static class LoopbackPorts
{
    private const int Lowest = 20000;
    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";
    private static readonly HashSet<int> HandedOut = [];
    private static readonly int Highest = FirstEphemeralPort() - 1;

    /// <summary>A port nothing listens on now, outside the ephemeral range, not handed out before by this process.</summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(Lowest, Highest + 1);
            lock (HandedOut)
            {
                if (!HandedOut.Add(port))
                {
                    continue;
                }
            }

            if (CanBind(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free port on 127.0.0.1 between {Lowest} and {Highest}");
    }

    /// <summary>
    /// Starts an <see cref="HttpListener"/> on a free port with the prefix <paramref name="prefixFor"/> makes of
    /// it, trying another port when something took the chosen one in the meantime.
    /// </summary>
    public static (HttpListener Listener, Uri Prefix) StartHttpListener(Func<int, Uri> prefixFor)
    {
        for (var attempt = 1; ; attempt++)
        {
            var prefix = prefixFor(Free());
            var listener = new HttpListener();
            listener.Prefixes.Add(prefix.AbsoluteUri);
            try
            {
                listener.Start();
                return (listener, prefix);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>Polls until something accepts TCP connections on the port, or the time is up.</summary>
    public static async Task<bool> WaitUntilListeningAsync(int port, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        return false;
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FirstEphemeralPort()
    {
        try
        {
            var first = File.ReadAllText(EphemeralRange).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0];
            return Math.Max(Lowest + 1000, int.Parse(first, CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or OverflowException)
        {
            return 32768;
        }
    }
}
