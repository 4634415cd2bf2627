using KernelAgent.Protocol.V1;

namespace KernelAgent.Bench.Farm;

/// <summary>The kernel the benchmarks build for: a Debian 12 kernel whose header packages the archive still serves.</summary>
internal sealed record BenchKernel(string Machine, string Release, string BuildString)
{
    public const string DriverName = "kagent_sample";
    public const string DriverVersion = "1.0.0";

    public KernelVariant Variant => new()
    {
        DistroId = "debian",
        DistroVersionId = "12",
        Arch = Machine,
        KernelRelease = Release,
        KernelVersion = BuildString,
    };

    public static DriverRef Driver => new() { Name = DriverName, Version = DriverVersion };

    public BuildRequest BuildRequest => BuildRequestFor(0);

    /// <summary>"1.0.0" for 0, "1.0.&lt;n&gt;" for the extra registrations of <see cref="BenchFarm.StartAsync"/>.</summary>
    public static string DriverVersionNumber(int n) => $"1.0.{n}";

    public BuildRequest BuildRequestFor(int driverVersion) => new()
    {
        Variant = Variant,
        Driver = new DriverRef { Name = DriverName, Version = DriverVersionNumber(driverVersion) },
        RequestedBy = "kernelagent-bench",
    };

    public ResolveRequest ResolveRequest => new() { Variant = Variant, Driver = Driver };

    /// <summary>"6.1.0-56" from "6.1.0-56-amd64": the ABI that names the -common headers package.</summary>
    public string Abi => Release[..Release.LastIndexOf('-')];
}
