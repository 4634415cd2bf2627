using System.Runtime.InteropServices;

namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>Where the Debian header source finds packages, and how long each apt/dpkg call may take.</summary>
internal sealed class DebianHeaderSourceOptions
{
    /// <summary>Configuration section the farm binds these options from.</summary>
    public const string Section = "Headers:Debian";

    /// <summary>Root of the machine whose apt configuration supplies the sources by default.</summary>
    public string HostRoot { get; set; } = "/";

    /// <summary>The private apt root (config, lists); default: "apt" inside the headers cache folder.</summary>
    public string? AptDirectory { get; set; }

    /// <summary>
    /// deb822 source stanzas (sources.list(5)) to use instead of the machine's own configuration;
    /// their Architectures field is replaced by the architectures the farm builds for.
    /// </summary>
    public IList<string> Sources { get; init; } = [];

    /// <summary>
    /// os-release VERSION_ID to release codename: a kernel whose headers' changelog names a distribution
    /// ("bookworm-security") builds only for that release's VERSION_ID. Configured entries are added to these.
    /// </summary>
    public IDictionary<string, string> Codenames { get; init; } = new Dictionary<string, string>
    {
        ["10"] = "buster",
        ["11"] = "bullseye",
        ["12"] = "bookworm",
        ["13"] = "trixie",
        ["14"] = "forky",
    };

    /// <summary>Debian architecture of the build machine: linux-kbuild's host tools must run here.</summary>
    public string HostArchitecture { get; set; } = RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "amd64";

    /// <summary>
    /// Package lists older than this are refreshed (apt-get update). A resolution does not wait for that refresh when
    /// lists exist: they name packages by exact version and digest, so the lookup reads them and the refresh follows it.
    /// </summary>
    public TimeSpan ListsMaxAge { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// The serving farm fetches the lists at start when there are none, then refreshes them whenever they are this old, so a miss never waits for
    /// apt-get update unless its kernel is newer than the lists. Zero: only resolutions refresh them.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>On a miss, lists older than this are refreshed once and the lookup retried (a kernel released minutes ago).</summary>
    public TimeSpan MissRefreshAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>apt-get's own network timeout per connection (apt.conf(5) Acquire::http::Timeout).</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan UpdateTimeout { get; set; } = TimeSpan.FromMinutes(3);

    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan ExtractTimeout { get; set; } = TimeSpan.FromMinutes(3);
}
