using System.Net;
using System.Net.Sockets;

namespace KernelAgent.Store.Tests.Backends.Http;

/// <summary>Ports on 127.0.0.1 for servers that tests start, and ones known to be closed.</summary>
public static class LoopbackPorts
{
    /// <summary>A port the kernel just handed out and released: free now, and nothing listens on it.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
}
