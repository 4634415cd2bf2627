namespace KernelAgent.Agent.Service;

/// <summary>
/// How long each step of the pass loop may take before the watchdog treats the loop as hung. Each is the step's own
/// timeouts with headroom, so a slow network or a slow depmod is never mistaken for a hang; only a step that outlives
/// every timeout it has is.
/// </summary>
internal static class PassTimes
{
    /// <summary>Reading a handful of small files under the host root.</summary>
    public static readonly TimeSpan Identity = TimeSpan.FromSeconds(30);

    /// <summary>Writing under /lib/modules and depmod (whose own timeout is 60 s; 38-60 s were seen on a slow guest).</summary>
    public static readonly TimeSpan Install = TimeSpan.FromMinutes(10);

    /// <summary>finit_module of the driver's modules, their init functions included.</summary>
    public static readonly TimeSpan Load = TimeSpan.FromMinutes(2);

    /// <summary>Headroom on top of the waits the loop itself chose (a timer that fires late on a loaded host).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The cache, every store (two objects each, with the SDK's retries) and the farm: its build deadline, one call, and
    /// fetching what it published.
    /// </summary>
    public static TimeSpan Resolve(AgentOptions options)
    {
        var store = 4 * (options.StoreConnectTimeout + options.StoreRequestTimeout);
        var stores = (options.Stores.Count + 1) * store;
        var farm = string.IsNullOrEmpty(options.Farm.Address) ? TimeSpan.Zero : options.Farm.BuildDeadline + options.Farm.CallTimeout + store;
        return Grace + stores + farm;
    }

    /// <summary>One whole pass: every step above.</summary>
    public static TimeSpan Pass(AgentOptions options) => Identity + Resolve(options) + Install + Load;
}
