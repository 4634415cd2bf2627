using System.Text.Json;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>Requests for the bundled sample driver; <c>build</c> numbers make distinct Debian kernels of one ABI.</summary>
internal static class TestVariants
{
    public const string DriverName = "kagent_sample";
    public const string DriverVersion = "1.0.0";

    public static KernelVariant Debian(int build = 2) => new()
    {
        DistroId = "debian",
        DistroVersionId = "12",
        Arch = "x86_64",
        KernelRelease = "6.1.0-56-amd64",
        KernelVersion = $"#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-{build} (2026-11-16)",
    };

    public const string NextDriverVersion = "1.0.1";

    public static DriverRef Sample => new() { Name = DriverName, Version = DriverVersion };

    /// <summary>The sample's next version: the same registered source, so a second variant of every kernel.</summary>
    public static DriverRef NextSample => new() { Name = DriverName, Version = NextDriverVersion };

    /// <summary>Farm settings that register <see cref="NextSample"/> beside the bundled sample.</summary>
    public static Dictionary<string, string?> NextVersionSettings()
    {
        using var defaults = JsonDocument.Parse(File.ReadAllText(Path.Join(AppContext.BaseDirectory, "farm.defaults.json")));
        var sample = defaults.RootElement.GetProperty("Drivers").GetProperty("Drivers")[0];
        return new(StringComparer.Ordinal)
        {
            ["Drivers:Drivers:1:Name"] = DriverName,
            ["Drivers:Drivers:1:Version"] = NextDriverVersion,
            ["Drivers:Drivers:1:Source"] = sample.GetProperty("Source").GetString(),
            ["Drivers:Drivers:1:Sha256"] = sample.GetProperty("Sha256").GetString(),
        };
    }

    public static BuildRequest Build(KernelVariant? variant = null, string requestedBy = "test", DriverRef? driver = null) =>
        new() { Variant = variant ?? Debian(), Driver = driver ?? Sample, RequestedBy = requestedBy };

    public static ResolveRequest Resolve(KernelVariant? variant = null) => new() { Variant = variant ?? Debian(), Driver = Sample };
}
