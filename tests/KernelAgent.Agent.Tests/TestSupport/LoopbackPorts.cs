using System.Net;
using System.Net.Sockets;

namespace KernelAgent.Agent.Tests.TestSupport;

/// <summary>
/// Free TCP ports on 127.0.0.1, for the agent's and the farm's tests (this file is linked into both projects).
/// The farm refuses port 0 (it must know its own address to tell agents where the store mirror is), and a test of
/// a store or farm that is down needs a port where a connect is refused at once.
/// </summary>
internal static class LoopbackPorts
{
    /// <summary>A port nothing listens on: taken from the kernel, then given back.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
