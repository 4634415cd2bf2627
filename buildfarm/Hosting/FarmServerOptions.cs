namespace KernelAgent.BuildFarm.Hosting;

/// <summary>Where the farm listens (configuration section <c>Server</c>). Everything binds to loopback unless told otherwise.</summary>
internal sealed class FarmServerOptions
{
    public const string Section = "Server";

    /// <summary>gRPC endpoint (HTTP/2; h2c unless a certificate is set). Default <c>127.0.0.1:50051</c>.</summary>
    public string Listen { get; set; } = "127.0.0.1:50051";

    /// <summary>Optional unix socket for gRPC, e.g. <c>/run/kernel-buildfarm/grpc.sock</c>.</summary>
    public string? UnixSocket { get; set; }

    /// <summary>PEM certificate for TLS on <see cref="Listen"/>; with <see cref="TlsKeyFile"/>. Default: none (h2c).</summary>
    public string? TlsCertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="TlsCertificateFile"/>.</summary>
    public string? TlsKeyFile { get; set; }

    /// <summary>
    /// HTTP/1.1 endpoint serving /metrics (Prometheus text) and, for a directory store, a read-only mirror of
    /// the store under /store/, so agents can fetch what the farm published. Default <c>127.0.0.1:50052</c>;
    /// empty turns it off.
    /// </summary>
    public string? HttpListen { get; set; } = "127.0.0.1:50052";

    /// <summary>
    /// The store URL the farm hands to agents in ArtifactRef. Default: the store's own URL, or for a directory
    /// store with <see cref="HttpListen"/> set, <c>http://&lt;HttpListen&gt;/store/</c>. Set it when agents reach
    /// the farm through another address (a load balancer, or a VM's host alias such as 10.0.2.2).
    /// </summary>
    public string? PublicStoreUrl { get; set; }

    /// <summary>
    /// Concurrent gRPC calls (HTTP/2 streams) one client connection may hold open. Kestrel's default of 100 makes a
    /// herd of agents behind one connection (a proxy, a NAT'd fleet, one grpc-js channel) wait for a slot until the
    /// build they all wait for ends. Each open stream costs the farm a few KiB while it waits; the bound keeps one
    /// connection from holding more than <see cref="MaxStreamsPerConnectionLimit"/>. Default 10000.
    /// </summary>
    public int MaxStreamsPerConnection { get; set; } = 10_000;

    /// <summary>The largest <see cref="MaxStreamsPerConnection"/> accepted.</summary>
    public const int MaxStreamsPerConnectionLimit = 100_000;
}
