using System.Net;
using System.Net.Sockets;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>Ports on 127.0.0.1 for tests of a store or farm that is down.</summary>
internal static class LoopbackPorts
{
    /// <summary>A port nothing listens on: taken from the kernel, then given back, so a connect is refused at once.</summary>
    public static int Closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
