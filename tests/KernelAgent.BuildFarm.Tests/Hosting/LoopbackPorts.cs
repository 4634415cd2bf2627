using System.Net;
using System.Net.Sockets;

namespace KernelAgent.BuildFarm.Tests.Hosting;

/// <summary>
/// Free TCP ports on 127.0.0.1. The farm refuses port 0 (it must know its own address to tell agents where the
/// store mirror is), so tests ask the kernel for a free port, release it and hand it over.
/// </summary>
internal static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
