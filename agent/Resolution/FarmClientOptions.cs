namespace KernelAgent.Agent.Resolution;

/// <summary>How the agent talks to the build farm (configuration section <c>Agent:Farm</c>).</summary>
internal sealed class FarmClientOptions
{
    /// <summary>The farm's gRPC address, e.g. <c>http://farm.internal:50051</c>. Empty: never ask a farm.</summary>
    public string? Address { get; set; }

    /// <summary>
    /// PEM file of the CA that issues the farm's server certificate: with an https:// address, only this CA is trusted
    /// for the farm (the system's roots are not). Default: none (the system's roots).
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>
    /// PEM client certificate presented to the farm (mTLS), with <see cref="ClientKeyFile"/>; needs an https:// address.
    /// Read again for each new connection when the file changed (a renewed certificate needs no restart). Default: none.
    /// </summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>
    /// File holding a bearer token (a JWT) sent with every call, read again when it changes. Sent over https://, or
    /// over http:// to a loopback address only. Default: none.
    /// </summary>
    public string? TokenFile { get; set; }

    /// <summary>Time to establish a connection. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest the agent waits for one build from request to result, retries included. Default 30 min.</summary>
    public TimeSpan BuildDeadline { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// <c>kernel-agent once</c> waits this long for the farm instead of <see cref="BuildDeadline"/> (retries and the build
    /// included), then exits 7 with the reason: a one-shot run must not sit out a 30-minute deadline when the farm is down.
    /// <c>once --build-deadline</c> sets it for one run. Default 60 s.
    /// </summary>
    public TimeSpan OnceDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Deadline of a single unary call (Resolve, GetBuild). Default 30 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Tell the farm which kernels this host has installed but is not running and which it missed (ReportDemand), so the
    /// farm's hot set prebuilds them. Default true. Only a hash of /etc/machine-id identifies the host.
    /// </summary>
    public bool ReportDemand { get; set; } = true;

    /// <summary>
    /// Demand reports are sent at most this often; a report whose kernels differ from the last one sent goes out at the
    /// next pass regardless. Default 6 h; 1 minute to 1 day.
    /// </summary>
    public TimeSpan DemandReportInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>First backoff cap after UNAVAILABLE or RESOURCE_EXHAUSTED. Default 1 s.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest backoff cap. Default 2 min.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(2);
}
