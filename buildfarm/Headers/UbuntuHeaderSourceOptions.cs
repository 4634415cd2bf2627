namespace KernelAgent.BuildFarm.Headers;

/// <summary>Where the Ubuntu header source reads its apt Packages indexes (the farm's configuration; no default host).</summary>
public sealed class UbuntuHeaderSourceOptions
{
    /// <summary>Configuration section the farm binds these options from.</summary>
    public const string Section = "Headers:Ubuntu";

    /// <summary>Archive holding amd64 (the "ubuntu" archive root: contains dists/ and pool/).</summary>
    public Uri? ArchiveUri { get; set; }

    /// <summary>Archive holding arm64 (Ubuntu serves it from a separate "ports" archive).</summary>
    public Uri? PortsArchiveUri { get; set; }

    /// <summary>os-release VERSION_ID to suite codename.</summary>
    public IDictionary<string, string> Codenames { get; init; } = new Dictionary<string, string>
    {
        ["20.04"] = "focal",
        ["22.04"] = "jammy",
        ["24.04"] = "noble",
        ["24.10"] = "oracular",
        ["25.04"] = "plucky",
    };

    /// <summary>Suffixes of the suites searched after the codename: "" (release), "-updates", "-security".</summary>
    public IList<string> Pockets { get; init; } = ["", "-updates", "-security"];

    public IList<string> Components { get; init; } = ["main"];

    public TimeSpan IndexTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
